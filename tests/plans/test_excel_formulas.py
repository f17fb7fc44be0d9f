"""The plan list export writes titles as text, never as formulas (issue #10, item 2)."""

from __future__ import annotations

from django.urls import reverse

from fazhi.plans import services
from fazhi.plans.models import Plan
from tests.core.test_excel import assert_written_as_text


def test_plan_list_export_writes_a_formula_like_title_as_text(login, users, staged):
    services.leave_unresolved(users.office, staged, "县综合执法局")
    plan = services.confirm_import(users.office, staged)
    Plan.objects.filter(pk=plan.pk).update(title="+1+cmd|' /C calc'!A0")
    response = login(users.office).get(reverse("plans:plan_list"), {"export": "xlsx"})
    assert response.status_code == 200
    assert_written_as_text(b"".join(response.streaming_content), ["+1+cmd|' /C calc'!A0"])
