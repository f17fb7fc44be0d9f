"""SQLite's index for the 复议 list's search box: an FTS5 table with the trigram tokenizer over 案号, 申请人 and
被申请人 (an external-content table kept by triggers), so a term of three characters or more finds its
candidate cases without reading every row (`search.narrowed`). PostgreSQL has its pg_trgm indexes (0005)."""

from django.db import migrations

T, S = "reconsideration_reconsiderationcase", "reconsideration_case_search"
COLUMNS = "case_number, applicant_name, respondent"
NEW = "new.id, new.case_number, new.applicant_name, new.respondent"
OLD = f"'delete', old.id, old.case_number, old.applicant_name, old.respondent"
FORWARD = [
    f"CREATE VIRTUAL TABLE {S} USING fts5({COLUMNS}, content='{T}', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER {S}_insert AFTER INSERT ON {T} BEGIN "
    f"INSERT INTO {S}(rowid, {COLUMNS}) VALUES ({NEW}); END",
    f"CREATE TRIGGER {S}_delete AFTER DELETE ON {T} BEGIN "
    f"INSERT INTO {S}({S}, rowid, {COLUMNS}) VALUES ({OLD}); END",
    f"CREATE TRIGGER {S}_update AFTER UPDATE OF {COLUMNS} ON {T} BEGIN "
    f"INSERT INTO {S}({S}, rowid, {COLUMNS}) VALUES ({OLD}); "
    f"INSERT INTO {S}(rowid, {COLUMNS}) VALUES ({NEW}); END",
    f"INSERT INTO {S}({S}) VALUES ('rebuild')",
]
BACKWARD = [f"DROP TRIGGER IF EXISTS {S}_{what}" for what in ("insert", "delete", "update")] + [f"DROP TABLE IF EXISTS {S}"]


def sqlite_only(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [("reconsideration", "0005_list_indexes")]

    operations = [migrations.RunPython(sqlite_only(FORWARD), sqlite_only(BACKWARD))]
