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
        made.append(build(row))
        if len(made) >= batch:
            target.objects.bulk_create(made)
            count, made = count + len(made), []
    target.objects.bulk_create(made)
    return count + len(made)


def content_type(apps, app_label: str, model: str):
    """The historical ContentType row of a model (created if a fresh database has not made it yet)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def carry_unmirrored(rows, key: Callable, build: Callable, target, mirrored, batch: int = 2000) -> int:
    """Data migrations that retire a module's own log kept beside the kernel's: each row of `rows` whose
    `key(row)` is among the `mirrored` keys (the steps the kernel already logged) is skipped, once per
    mirror, so two like steps on one day need two mirrors; the others are built with `build(row)` and
    bulk-created into `target`. Returns how many were carried."""
    from collections import Counter

    waiting, made = Counter(mirrored), []
    for row in rows.order_by("pk").iterator(chunk_size=batch):
        found = key(row)
        if waiting[found]:
            waiting[found] -= 1
        else:
            made.append(build(row))
    target.objects.bulk_create(made, batch_size=batch)
    return len(made)


def postgres_only(forward: list[str], backward: list[str]) -> tuple[Callable, Callable]:
    """RunPython functions running `forward` / `backward` SQL on PostgreSQL only (indexes SQLite cannot
    express: a trigram GIN, an ordering with NULLS LAST); on SQLite they do nothing."""

    def run(statements: list[str]) -> Callable:
        def go(apps, schema_editor) -> None:
            if schema_editor.connection.vendor == "postgresql":
                for sql in statements:
                    schema_editor.execute(sql)

        return go

    return run(forward), run(backward)
