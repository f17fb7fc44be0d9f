from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _drop_orphaned_index(sender, using="default", **kwargs) -> None:
    """`flush` (and the test runner's reset between transactional tests) empties the model tables but
    not the full-text structures, which are no Django models: clear them when no entry is left."""
    from django.db import connections

    from fazhi.search.backend import get_backend
    from fazhi.search.models import SearchEntry

    conn = connections[using]
    if conn.vendor not in ("sqlite", "postgresql"):
        return
    tables = conn.introspection.table_names()
    if SearchEntry._meta.db_table in tables and not SearchEntry.objects.using(using).exists():
        backend = get_backend(conn)
        if backend.index_table in tables:
            backend._clear()


class SearchConfig(AppConfig):
    name = "fazhi.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        post_migrate.connect(_drop_orphaned_index, sender=self)
