"""Capabilities reach upgraded databases: each grant lives, frozen, in the migration that introduces it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import fazhi

BEFORE_GRANT = [("workflow", "0002_normdoc_clocks_and_time_limits")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_a_capability_added_in_a_later_migration_reaches_an_existing_database():
    from fazhi.core.models import Role
    from tests.conftest import restore_migration_data

    restore_migration_data()  # an earlier transactional test's flush may have emptied the roles
    # An existing installation, migrated before `timelimits.manage` existed; its administrator has
    # tuned the office role and added a role of their own.
    _migrate(BEFORE_GRANT)
    office = Role.objects.get(code="office")
    assert "timelimits.manage" not in office.capabilities
    office.capabilities = [c for c in office.capabilities if c != "plans.manage"]  # taken away on purpose
    office.save()
    Role.objects.create(code="clerk", name="文书", capabilities=["plans.view"])

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    office = Role.objects.get(code="office")
    assert "timelimits.manage" in office.capabilities  # the new capability arrived
    assert "plans.manage" not in office.capabilities  # the administrator's choice stands
    assert Role.objects.get(code="clerk").capabilities == ["plans.view"]


def test_no_migration_imports_the_live_declarations():
    """A migration that imported today's grants would give fresh installs what upgraded ones never get."""
    offenders = []
    for path in Path(fazhi.__file__).parent.glob("*/migrations/*.py"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"from fazhi\.\w+(\.module|\.capabilities|\.modules) import|import fazhi\.\w+\.module", text):
            offenders.append(str(path))
    assert not offenders
