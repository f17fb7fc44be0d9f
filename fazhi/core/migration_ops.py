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


def carry_step_log(apps, rows, case_field: str, case_type, workflow: str, targets: dict[str, str],
                   initial: str) -> int:
    """`carry_unmirrored` for a module log whose row names its case by `case_field` and its step `transition`.

    The engine wrote every step twice, into the module's log (its `write_log` hook) and into the kernel's; a
    pair shares case, step, date, actor and reason. Rows the engine never wrote (bulk-made histories) are
    copied; where the old log kept no states, the state a step leads to comes from `targets` (a frozen copy of
    the table) and the state before it from the case's previous step (`initial` for its first).
    """
    Record = apps.get_model("workflow", "TransitionRecord")
    mirrored = Record.objects.filter(case_type=case_type).values_list("case_id", "action", "on", "actor_id",
                                                                     "reason").iterator()
    reached: dict[int, str] = {}  # each case's state after its latest row so far
    before: dict[int, str] = {}  # and before it

    def key(row):  # every row, mirrored or not, moves its case on: an unmirrored row starts where it stood
        case_id = getattr(row, f"{case_field}_id")
        before[case_id] = reached.get(case_id, initial)
        reached[case_id] = getattr(row, "to_state", "") or targets.get(row.transition, "") or before[case_id]
        return (case_id, row.transition, row.on, row.actor_id, row.reason)

    def build(row):
        case_id = getattr(row, f"{case_field}_id")
        return Record(case_type=case_type, case_id=case_id, workflow=workflow, action=row.transition,
                      from_state=getattr(row, "from_state", "") or before[case_id], to_state=reached[case_id],
                      on=row.on, at=row.at, actor_id=row.actor_id, actor_name=row.actor_name, reason=row.reason,
                      data=row.data)

    return carry_unmirrored(rows, key, build, Record, mirrored)


def restore_step_log(apps, Old, case_field: str, case_type, codes, *, states: bool = False,
                     rounds_closed_by: str = "") -> int:
    """The way back from `carry_step_log`: the module's log again from the kernel's rows of its table's steps
    (`codes`), which stay (the engine of that version writes both; `carry_step_log` pairs them again on the way
    forward). `states` fills the old from/to columns; `rounds_closed_by` numbers rounds, a step of that code
    closing one."""
    Record = apps.get_model("workflow", "TransitionRecord")
    rounds: dict[int, int] = {}

    def build(r):
        extra = {"from_state": r.from_state, "to_state": r.to_state} if states else {}
        if rounds_closed_by:
            extra["round"] = rounds.get(r.case_id, 1)
            rounds[r.case_id] = extra["round"] + (r.action == rounds_closed_by)
        return Old(**{f"{case_field}_id": r.case_id}, transition=r.action, on=r.on, at=r.at, actor_id=r.actor_id,
                   actor_name=r.actor_name, reason=r.reason, data=r.data, **extra)

    return copy_rows(Record.objects.filter(case_type=case_type, action__in=list(codes)), build, Old)

def _on_vendor(vendor: str, forward: list[str], backward: list[str]) -> tuple[Callable, Callable]:
    def run(statements: list[str]) -> Callable:
        def go(apps, schema_editor) -> None:
            if schema_editor.connection.vendor == vendor:
                for sql in statements:
                    schema_editor.execute(sql)

        return go

    return run(forward), run(backward)


def postgres_only(forward: list[str], backward: list[str]) -> tuple[Callable, Callable]:
    """RunPython functions running `forward` / `backward` SQL on PostgreSQL only (indexes SQLite cannot
    express: a trigram GIN, an ordering with NULLS LAST); on SQLite they do nothing."""
    return _on_vendor("postgresql", forward, backward)


def sqlite_only(forward: list[str], backward: list[str]) -> tuple[Callable, Callable]:
    """RunPython functions running `forward` / `backward` SQL on SQLite only: covering indexes that SQLite reads
    instead of wide rows where PostgreSQL's planner hashes a sequential scan anyway and would only pay for them
    on every write."""
    return _on_vendor("sqlite", forward, backward)


def sqlite_trigram_index(table: str, index: str, columns: list[str]) -> tuple[Callable, Callable]:
    """RunPython functions creating / dropping, on SQLite only, the FTS5 trigram table `index` over `table`'s
    `columns` (external content, rowid = the table's id) with the triggers that keep it current, and
    filling it from the rows already there. A list view reads it through `fazhi.core.trigrams.narrowed`."""
    names = ", ".join(columns)
    new = ", ".join(["new.id", *(f"new.{c}" for c in columns)])
    old = ", ".join(["'delete'", "old.id", *(f"old.{c}" for c in columns)])
    forward = [
        f"CREATE VIRTUAL TABLE {index} USING fts5({names}, content='{table}', content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {index}(rowid, {names}) VALUES ({new}); END",
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {index}({index}, rowid, {names}) VALUES ({old}); END",
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF {names} ON {table} BEGIN "
        f"INSERT INTO {index}({index}, rowid, {names}) VALUES ({old}); "
        f"INSERT INTO {index}(rowid, {names}) VALUES ({new}); END",
        f"INSERT INTO {index}({index}) VALUES ('rebuild')",
    ]
    backward = [f"DROP TRIGGER IF EXISTS {index}_{what}" for what in ("insert", "delete", "update")]
    return _on_vendor("sqlite", forward, [*backward, f"DROP TABLE IF EXISTS {index}"])


def short_gram_index(table: str, index: str, columns: list[str], longest: int) -> tuple[Callable, Callable]:
    """RunPython functions creating / dropping, on either database, `<index>_grams`: the one- and two-character
    substrings of `table`'s `columns` that hold a non-ASCII character (a name's 王, 王芳, 芳), one row per
    (gram, id), kept by triggers and filled from the rows already there. `fazhi.core.trigrams.narrowed` answers a
    search term of one or two such characters from it, where the trigram indexes have nothing to read.
    `longest` is the longest value the columns hold (their max_length)."""
    grams = f"{index}_grams"

    def sqlite_select(row: str, source: str = "") -> str:
        positions = "[" + ",".join(str(i) for i in range(1, longest + 1)) + "]"
        # SQLite's substr and length count characters; a BLOB's length counts bytes: more bytes than characters
        # means a character outside ASCII. No CTE is allowed in a trigger, so json_each lists the positions.
        return " UNION ".join(
            f"SELECT substr({row}.{c}, p.value, k.value), {row}.id FROM {source}json_each('{positions}') p, "
            f"json_each('[1,2]') k WHERE p.value + k.value - 1 <= length({row}.{c}) "
            f"AND length(CAST(substr({row}.{c}, p.value, k.value) AS BLOB)) > k.value" for c in columns)

    def postgres_select(row: str, source: str = "") -> str:
        return " UNION ".join(
            f"SELECT substr({row}.{c}, p, k), {row}.id FROM {source}generate_series(1, char_length({row}.{c})) p, "
            f"(VALUES (1), (2)) n(k) WHERE p + k - 1 <= char_length({row}.{c}) "
            f"AND octet_length(substr({row}.{c}, p, k)) > k" for c in columns)

    names = ", ".join(columns)
    sqlite = [
        f"CREATE TABLE {grams} (gram TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (gram, id)) WITHOUT ROWID",
        f"CREATE TRIGGER {grams}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT OR IGNORE INTO {grams} (gram, id) {sqlite_select('new')}; END",
        # Deleting by the old row's own grams finds them by the primary key (no second index on id).
        f"CREATE TRIGGER {grams}_delete AFTER DELETE ON {table} BEGIN "
        f"DELETE FROM {grams} WHERE (gram, id) IN ({sqlite_select('old')}); END",
        f"CREATE TRIGGER {grams}_update AFTER UPDATE OF {names} ON {table} BEGIN "
        f"DELETE FROM {grams} WHERE (gram, id) IN ({sqlite_select('old')}); "
        f"INSERT OR IGNORE INTO {grams} (gram, id) {sqlite_select('new')}; END",
        f"INSERT OR IGNORE INTO {grams} (gram, id) {sqlite_select(table, f'{table}, ')}",
        f"ANALYZE {grams}",
    ]
    postgres = [
        f"CREATE TABLE {grams} (gram text NOT NULL, id bigint NOT NULL, PRIMARY KEY (gram, id))",
        f"CREATE FUNCTION {grams}_keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP <> 'INSERT' THEN DELETE FROM {grams} WHERE (gram, id) IN ({postgres_select('OLD')}); END IF; "
        f"IF TG_OP <> 'DELETE' THEN INSERT INTO {grams} (gram, id) {postgres_select('NEW')} ON CONFLICT DO NOTHING; "
        f"END IF; RETURN NULL; END $$",
        f"CREATE TRIGGER {grams}_keep AFTER INSERT OR DELETE OR UPDATE OF {names} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {grams}_keep()",
        # ON CONFLICT: a value holding a gram twice (决策…决定) gives the same (gram, id) twice, and UNION removes
        # repeats only across columns.
        f"INSERT INTO {grams} (gram, id) {postgres_select(table, f'{table}, ')} ON CONFLICT DO NOTHING",
        # Without statistics PostgreSQL guesses a handful of rows per gram and may scan the cases instead (37 ms
        # for a two-character name at 30,000 cases, 0.3 ms once analysed).
        f"ANALYZE {grams}",
    ]

    def forward(apps, schema_editor) -> None:
        for sql in sqlite if schema_editor.connection.vendor == "sqlite" else postgres:
            schema_editor.execute(sql)

    def backward(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "sqlite":
            drop = [*(f"DROP TRIGGER IF EXISTS {grams}_{what}" for what in ("insert", "delete", "update")),
                    f"DROP TABLE IF EXISTS {grams}"]
        else:
            drop = [f"DROP TRIGGER IF EXISTS {grams}_keep ON {table}", f"DROP FUNCTION IF EXISTS {grams}_keep()",
                    f"DROP TABLE IF EXISTS {grams}"]
        for sql in drop:
            schema_editor.execute(sql)

    return forward, backward
