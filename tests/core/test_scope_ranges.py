"""The subtree filter's path range (it lets SQLite use the path index) selects exactly the prefix's units."""

from __future__ import annotations

import pytest

from fazhi.core.models import Unit
from fazhi.core.scopes import _path_upper_bound, subtree


def test_upper_bound_is_the_next_path_in_the_alphabet():
    assert _path_upper_bound("0001") == "0002"
    assert _path_upper_bound("00010009") == "0001000A"
    assert _path_upper_bound("0001000Z") == "0001001"  # Z is the last letter: carry into the character before
    assert _path_upper_bound("000Z") == "001"
    assert _path_upper_bound("ZZZZ") is None
    assert _path_upper_bound("") is None
    assert _path_upper_bound("000a") is None  # not a treebeard character: no range, the prefix alone decides


@pytest.mark.django_db
def test_subtree_range_matches_the_prefix(org):
    # Enough siblings that steps run past 9 into letters (0009 → 000A) inside 测试县.
    from fazhi.core import services

    for i in range(12):
        services.create_unit(None, name=f"范围测试局{i}", kind=Unit.Kind.DEPARTMENT, parent=org.county)
    for unit in Unit.objects.all():
        by_range = set(Unit.objects.filter(subtree("", unit.path)).values_list("pk", flat=True))
        by_prefix = set(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
        assert by_range == by_prefix, unit.name
    assert Unit.objects.filter(subtree("", org.county.path)).count() == Unit.objects.get_descendant_count(org.county) + 1
    # The range is added below the root only: a root's subtree is not selective enough to start a query there.
    assert "path__lt" in str(subtree("", org.county.path)) and "path__lt" not in str(
        subtree("", org.province.path)
    )
