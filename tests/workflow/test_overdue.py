"""临期/逾期 on the dashboards: every module's clocks counted per module and kind in the user's scope, in one
query, with links to the list of those clocks.

The 公开 clocks are made by the module's own steps and moved by the daily scan; their dates are the ones
derived by hand in tests/disclosure/test_clock.py. A request received Mon 2026-09-21 is due Mon 2026-10-26
and warned from Mon 10-19. One received Mon 2026-09-28: counting from 09-29: 29, 30 (2); 10-01..07 国庆
holiday; 10-08, 09 (4); Sat 10-10 调休 workday (5); 10-12..16 (10); 10-19..23 (15); 10-26..30 (20): due Fri
2026-10-30, warned 5 working days before (10-29, 28, 27, 26, Fri 10-23). One received Mon 2026-10-26 is due
in late November and not yet warned on 10-27. So the scan of Tue 2026-10-27 makes the first overdue, the
second 临期 and leaves the third running.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from fazhi.disclosure import services
from fazhi.normdocs.models import NormativeDocument
from fazhi.workflow.models import CaseClock
from fazhi.workflow.overdue import clock_counts
from fazhi.workflow.scan import scan_clocks
from tests.disclosure.helpers import filed

D = dt.date


def _filing_clock(unit, state: str, n: int) -> CaseClock:
    """A 规范性文件 报备 clock in `state` (its own module's scan would set it; here the count is what is tested)."""
    return CaseClock.objects.create(
        workflow="normdoc", kind="filing", content_type=ContentType.objects.get_for_model(NormativeDocument),
        object_id=900_000 + n, unit=unit, title=f"《文件{n}》", link=f"/normdocs/documents/{900_000 + n}/",
        rule_code="normdocs.filing", state=state, started_on=D(2026, 9, 1), due_on=D(2026, 10, 1))


@pytest.fixture
def clocks(org, users):
    """测试县: 公开 2 overdue (政府, 司法局), 1 临期, 1 running; 报备 1 overdue, 2 临期.
    乙县: 公开 1 overdue; 报备 1 临期 — none of which 测试县's users may count."""
    filed(users, org.gov, D(2026, 9, 21))
    filed(users, org.justice, D(2026, 9, 21), applicant_name="李某")
    filed(users, org.gov, D(2026, 9, 28), applicant_name="张某")
    filed(users, org.gov, D(2026, 10, 26), applicant_name="赵某")
    services.register(
        users.outsider, unit=org.other_justice, channel="in_person", submitted_on=D(2026, 9, 21),
        applicant_kind="person", applicant_name="钱某", content="乙县某文件")
    scan_clocks(D(2026, 10, 27), workflow="disclosure")
    for n, (unit, state) in enumerate([(org.gov, "overdue"), (org.justice, "due_soon"), (org.reform, "due_soon"),
                                       (org.other_justice, "due_soon"), (org.gov, "met")]):
        _filing_clock(unit, state, n)


def _table(counts) -> set[tuple[str, str, int, int]]:
    return {(c.workflow, c.kind, c.due_soon, c.overdue) for c in counts}


def test_counts_per_module_and_kind_in_the_users_scope(clocks, users, django_assert_num_queries):
    users.office.capabilities()  # the user's roles are read once per request, before the card
    with django_assert_num_queries(1):
        counts = clock_counts(users.office)
    assert _table(counts) == {("disclosure", "reply", 1, 2), ("normdoc", "filing", 2, 1)}
    labels = {c.kind: c.label for c in counts}
    assert labels == {"reply": "政府信息公开申请 · 答复期限", "filing": "规范性文件 · 报备期限"}
    # 乙县's office counts only 乙县's clocks.
    assert _table(clock_counts(users.outsider)) == {("disclosure", "reply", 0, 1), ("normdoc", "filing", 1, 0)}


def test_a_unit_scoped_user_counts_only_their_units_clocks_of_modules_they_may_open(clocks, users):
    # 发改局's reporter (own unit) may draft 规范性文件 but holds no 公开 capability: 1 报备 临期 only.
    held = users.reporter.capabilities()
    assert not any(c.startswith("disclosure.") for c in held) and any(c.startswith("normdocs.") for c in held)
    assert _table(clock_counts(users.reporter)) == {("normdoc", "filing", 1, 0)}


def test_the_card_links_to_the_filtered_list(clocks, users, login):
    office = login(users.office)
    home = office.get(reverse("core:home")).content.decode()
    overdue_url = f"{reverse('workflow:clocks')}?workflow=disclosure&amp;kind=reply&amp;state=overdue"
    assert "办理期限：临期与逾期" in home and overdue_url in home
    page = office.get(overdue_url.replace("&amp;", "&")).content.decode()
    assert "王某" in page and "李某" in page and "张某" not in page and "钱某" not in page
    page = office.get(f"{reverse('workflow:clocks')}?workflow=normdoc&state=due_soon").content.decode()
    assert "《文件1》" in page and "《文件2》" in page and "《文件3》" not in page  # 乙县's is out of scope
    assert "钱某" in login(users.outsider).get(overdue_url.replace("&amp;", "&")).content.decode()


def test_the_leaders_dashboard_shows_the_card(clocks, users, login):
    page = login(users.leader).get(reverse("supervision:dashboard")).content.decode()
    assert "办理期限：临期与逾期" in page and "政府信息公开申请 · 答复期限" in page


def test_no_card_without_alarms(org, users, login):
    assert clock_counts(users.office) == []
    assert "办理期限：临期与逾期" not in login(users.office).get(reverse("core:home")).content.decode()
