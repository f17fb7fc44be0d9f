"""Data-migration helpers: the grants of capabilities, and the facts of stored files moved onto attachments.

Each app's migration passes its own frozen copy of the grants. A migration must not import the live
declarations (`module.py`): it would then create whatever the code says today, and a capability added
later would reach fresh installs but never a database migrated before. Instead each grant is written
once, as data, into the migration that introduces it.
"""

from __future__ import annotations

from collections.abc import Callable


def grant(roles: dict[str, tuple[str, list[str]]]) -> Callable:
    """A RunPython function: each role (code → name, capabilities) gets these capabilities added.

    A missing role is created; capabilities an administrator gave or took away otherwise stay as they are.
    """

    def forwards(apps, schema_editor) -> None:
        Role = apps.get_model("core", "Role")
        for code, (name, capabilities) in roles.items():
            role, created = Role.objects.get_or_create(code=code, defaults={"name": name,
                                                                             "capabilities": list(capabilities)})
            missing = [c for c in capabilities if c not in role.capabilities]
            if not created and missing:
                role.capabilities = [*role.capabilities, *missing]
                role.save(update_fields=["capabilities"])

    return forwards


def revoke(roles: dict[str, tuple[str, list[str]]]) -> Callable:
    """The reverse of `grant`: the capabilities it added are taken away again (roles stay)."""

    def backwards(apps, schema_editor) -> None:
        Role = apps.get_model("core", "Role")
        for code, (_, capabilities) in roles.items():
            role = Role.objects.filter(code=code).first()
            if role is not None:
                role.capabilities = [c for c in role.capabilities if c not in capabilities]
                role.save(update_fields=["capabilities"])

    return backwards


def stored_file_facts(name: str) -> tuple[int, str]:
    """(size, sha256) of a stored file for data migrations that move files onto core.Attachment; (0, "")
    when the file has gone (the row is kept, as it was: a missing file still shows and can be removed)."""
    import hashlib

    from django.core.files.storage import default_storage

    if not name or not default_storage.exists(name):
        return 0, ""
    digest, size = hashlib.sha256(), 0
    with default_storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def copy_rows(rows, build: Callable, target, batch: int = 2000) -> int:
    """Data migrations that move rows to another model: `build(row)` for every row of the queryset `rows`
    (read in primary-key order, in chunks), bulk-created into `target` a batch at a time."""
    made, count = [], 0
    for row in rows.order_by("pk").iterator(chunk_size=batch):
        if (built := build(row)) is None:  # `build` may skip a row
            continue
        made.append(built)
        if len(made) >= batch:
            target.objects.bulk_create(made)
            count, made = count + len(made), []
    target.objects.bulk_create(made)
    return count + len(made)


def content_type(apps, app_label: str, model: str):
    """The historical ContentType row of a model (created if a fresh database has not made it yet)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def carry_step_log(apps, rows, case_field: str, case_type, workflow: str, targets: dict[str, str],
                   initial: str) -> int:
    """Forward half of moving a module's own step log into the kernel's `workflow.TransitionRecord`.

    Until the move the engine wrote every step twice, once into the module's log (its `write_log` hook) and
    once into the kernel's; those pairs share case, step, date, actor and reason, so such a row is taken as
    already carried (the nth old row of a key pairs with the nth kernel row of it). Rows the engine never
    wrote (bulk-made histories) are copied; where the old log kept no states, the state a step leads to
    comes from `targets` (a frozen copy of the table) and the state before from the case's previous step.
    """
    from collections import Counter

    Record = apps.get_model("workflow", "TransitionRecord")
    twins = Counter(Record.objects.filter(case_type=case_type).values_list("case_id", "action", "on", "actor_id",
                                                                          "reason"))
    reached: dict[int, str] = {}

    def build(row):
        case_id = getattr(row, f"{case_field}_id")
        to_state = getattr(row, "to_state", "") or targets.get(row.transition, "")
        from_state = getattr(row, "from_state", "") or reached.get(case_id, initial)
        reached[case_id] = to_state or from_state
        key = (case_id, row.transition, row.on, row.actor_id, row.reason)
        if twins[key]:
            twins[key] -= 1
            return None
        return Record(case_type=case_type, case_id=case_id, workflow=workflow, action=row.transition,
                      from_state=from_state, to_state=to_state, on=row.on, at=row.at, actor_id=row.actor_id,
                      actor_name=row.actor_name, reason=row.reason, data=row.data)

    return copy_rows(rows, build, Record)


def restore_step_log(apps, Old, case_field: str, case_type, codes, *, states: bool = False,
                     rounds_closed_by: str = "") -> int:
    """Backward half: the module's log again from the kernel's rows of its table's steps (`codes`), which stay
    (the engine of that version writes both, and `carry_step_log` pairs them again on the way forward).
    `states` fills the old from/to columns; `rounds_closed_by` numbers rounds, a step of that code closing one."""
    Record = apps.get_model("workflow", "TransitionRecord")
    rounds: dict[int, int] = {}

    def build(r):
        extra = {"from_state": r.from_state, "to_state": r.to_state} if states else {}
        if rounds_closed_by:
            extra["round"] = rounds.get(r.case_id, 1)
            rounds[r.case_id] = extra["round"] + (r.action == rounds_closed_by)
        return Old(**{f"{case_field}_id": r.case_id}, transition=r.action,
                   on=r.on, at=r.at, actor_id=r.actor_id, actor_name=r.actor_name, reason=r.reason, data=r.data,
                   **extra)

    return copy_rows(Record.objects.filter(case_type=case_type, action__in=list(codes)), build, Old)
