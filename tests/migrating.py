"""Moving the test database between migration states (for tests of data migrations)."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate to `targets` ([(app, migration)]) and return the historical apps of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def leaves() -> list:
    """Every app's latest migration: where the suite's database lives."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
