"""The table at scale: many-valued filters as a correlated EXISTS, and cells computed only when read."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from fazhi.core.models import Role, User
from fazhi.core.tables import ChoiceFilter, Column, Table


def _users_table(params: dict, columns=None) -> Table:
    return Table(
        User.objects.all(),
        columns=columns or [Column("username", "账号", sortable=True)],
        search=["username", "roles__name"],
        filters=[
            ChoiceFilter(
                "role",
                "角色",
                "roles__code",
                many=True,
                choices=lambda: Role.objects.values_list("code", "name"),
            )
        ],
        default_sort="username",
    ).from_request(RequestFactory().get("/users/", params))


@pytest.mark.django_db
def test_many_valued_filter_is_an_exists_that_keeps_order_and_gives_each_row_once(users):
    users.office.roles.add(Role.objects.get(code="leader"))
    users.leader.roles.add(Role.objects.get(code="reporter"))
    table = _users_table({"role": "leader", "sort": "-username"})
    assert "EXISTS" in str(table.queryset.query) and " IN (SELECT" not in str(table.queryset.query)
    assert [u.username for u in table.page] == ["t_office", "t_leader"]
    # Two roles of one user both match the search term: still one row.
    table = _users_table({"q": "员", "role": "office"})
    assert [u.username for u in table.page] == ["t_office", "t_outsider"]
    expected = set(
        User.objects.filter(roles__code="office", roles__name__contains="员").values_list("pk", flat=True)
    )
    assert {u.pk for u in table.page} == expected


@pytest.mark.django_db
def test_cells_are_computed_only_when_a_template_reads_them(users):
    calls = []

    def accessor(user):
        calls.append(user.pk)
        return user.username.upper()

    table = _users_table(
        {}, columns=[Column("username", "账号", sortable=True), Column("shout", "大写", accessor=accessor)]
    )
    rows = table.rows
    assert [r.obj.username for r in rows][:2] == ["t_auditor", "t_leader"] and calls == []
    assert [c.text for c in rows[0].cells] == ["t_auditor", "T_AUDITOR"]
    rows[0].cells  # noqa: B018 — read again: computed once
    assert calls == [rows[0].obj.pk]
