"""合法性审核: the 5 working days bind the drafter (a warning), the 15 are the reviewer's clock, with
退回补充材料 (pause) and an approved extension. Every date below is counted by hand from the holiday table
of the State Council's notices for 2025 and 2026 (start day not counted, working days only)."""

from __future__ import annotations

import datetime

from fazhi.core.models import Notification
from fazhi.normdocs import services
from fazhi.normdocs.legality import LEGALITY_REVIEW_EXTENSION
from fazhi.normdocs.models import State
from fazhi.workflow import scan
from fazhi.workflow import services as rule_services
from fazhi.workflow.clocks import clock_of
from tests.normdocs.steps import WAIVER_REASON as REASON
from tests.normdocs.steps import refusal

D = datetime.date


def submitted(make_doc, on: D, **data):
    """A draft sent to 合法性审核 on `on`, the comment period waived (recorded two weeks before)."""
    doc = make_doc()
    doc = services.transition(None, doc, "waive_consultation", {
        "on": on - datetime.timedelta(days=14), "waiver_ground": "no_major_impact", "reason": REASON})
    return services.transition(None, doc, "submit_legality_review", {"on": on, **data})


# ------------------------------------------------------------------------------------ the drafter's floor

def test_submitting_too_close_to_deliberation_warns_the_drafter_and_is_kept(make_doc):
    # Sent on Thu 2026-09-24, 集体审议 planned for Wed 2026-09-30. Counting 5 working days from 09-25:
    # 09-25..27 中秋 holiday (Fri–Sun); Mon 09-28 = 1, Tue 09-29 = 2, Wed 09-30 = 3; 10-01..07 国庆 holiday;
    # Thu 10-08 = 4, Fri 10-09 = 5. The review has had its 5 working days only on 2026-10-09.
    doc = submitted(make_doc, D(2026, 9, 24), deliberation_on=D(2026, 9, 30))
    assert doc.state == State.LEGALITY_REVIEW  # a warning, not a refusal
    warning = doc.step_warnings[0]
    assert "送审时间不足" in warning and "2026年10月9日" in warning and "2026年9月30日" in warning
    assert "115号" in warning
    log = doc.transitions.get(action="submit_legality_review")
    assert log.data["warnings"] == [warning]


def test_no_warning_when_the_reviewer_gets_five_working_days(make_doc):
    # Same count: the 5th working day after Thu 2026-09-24 is Fri 2026-10-09.
    doc = submitted(make_doc, D(2026, 9, 24), deliberation_on=D(2026, 10, 9))
    assert doc.step_warnings == []


def test_the_page_shows_the_warning(make_doc, users, login):
    from django.urls import reverse

    doc = make_doc()
    services.transition(None, doc, "waive_consultation", {"on": D(2026, 9, 10), "waiver_ground": "no_major_impact",
                                                          "reason": REASON})
    client = login(users.office)
    response = client.post(reverse("normdocs:transition", args=[doc.pk, "submit_legality_review"]),
                           {"on": "2026-09-24", "deliberation_on": "2026-09-30"}, follow=True)
    assert "送审时间不足" in response.content.decode()


def test_the_reviewer_may_decide_early(make_doc, users):
    # Sent Thu 2026-09-24; opinion on Mon 2026-09-28, the first working day after (09-25..27 中秋).
    doc = submitted(make_doc, D(2026, 9, 24))
    doc = services.transition(users.office, doc, "pass_legality_review", {"on": D(2026, 9, 28), "reason": "合法"})
    assert doc.reviews.get().outcome == "passed"
    assert clock_of(doc, "legality_review").state == "met"


def test_deliberation_date_before_submission_is_refused(make_doc):
    doc = make_doc()
    services.transition(None, doc, "waive_consultation", {"on": D(2026, 9, 10), "waiver_ground": "no_major_impact",
                                                          "reason": REASON})
    message = refusal(doc, "submit_legality_review", {"on": D(2026, 9, 24), "deliberation_on": D(2026, 9, 23)})
    assert "早于送审日期" in message


# -------------------------------------------------------------------------------------- the reviewer's clock

def test_fifteen_working_day_clock_across_the_2025_national_day(make_doc):
    # Sent Fri 2025-09-26. Sat 09-27 rest; Sun 09-28 调休 workday = 1; Mon 09-29 = 2; Tue 09-30 = 3;
    # 10-01..08 国庆/中秋 holiday; Thu 10-09 = 4; Fri 10-10 = 5; Sat 10-11 调休 workday = 6; Mon 10-13 = 7 …
    # Fri 10-17 = 11; Mon 10-20 = 12; Tue 10-21 = 13; Wed 10-22 = 14; Thu 10-23 = 15.
    doc = submitted(make_doc, D(2025, 9, 26))
    assert doc.review_due_on == D(2025, 10, 23)
    assert clock_of(doc, "legality_review").due_on == D(2025, 10, 23)


def test_the_daily_scan_marks_the_review_due_soon_then_overdue(make_doc, users):
    # Due Thu 2025-10-23 (above). The warning comes 3 working days before: Wed 10-22 = 1, Tue 10-21 = 2,
    # Mon 10-20 = 3, so from Mon 2025-10-20. Overdue from Fri 2025-10-24.
    doc = submitted(make_doc, D(2025, 9, 26))
    assert clock_of(doc, "legality_review").warn_on == D(2025, 10, 20)
    assert scan.scan_clocks(D(2025, 10, 17)).due_soon == {}
    assert scan.scan_clocks(D(2025, 10, 20)).due_soon == {("normdoc", "legality_review"): 1}
    assert scan.scan_clocks(D(2025, 10, 24)).overdue == {("normdoc", "legality_review"): 1}
    assert scan.scan_clocks(D(2025, 10, 27)).overdue == {}  # told once
    titles = set(Notification.objects.filter(recipient=users.office).values_list("title", flat=True))
    assert f"合法性审核逾期：《{doc.title}》应于2025-10-23前出具审核意见" in titles
    assert not Notification.objects.filter(recipient=users.outsider).exists()


def test_materials_requested_pause_the_clock_until_they_arrive(make_doc, users):
    # Sent Fri 2025-09-26: Sun 09-28 = 1, Mon 09-29 = 2, Tue 09-30 = 3; 退回补充材料 on Tue 09-30 (that day
    # counts), 12 working days left. Materials arrive Mon 2025-10-13 (not counted): Tue 10-14 = 4, Wed 10-15 = 5,
    # Thu 10-16 = 6, Fri 10-17 = 7, Mon 10-20 = 8, Tue 10-21 = 9, Wed 10-22 = 10, Thu 10-23 = 11, Fri 10-24 = 12,
    # Mon 10-27 = 13, Tue 10-28 = 14, Wed 10-29 = 15.
    doc = submitted(make_doc, D(2025, 9, 26))
    doc = services.transition(users.office, doc, "request_materials", {"on": D(2025, 9, 30), "reason": "请补充起草说明"})
    clock = clock_of(doc, "legality_review")
    assert clock.state == "paused" and clock.due_on is None and doc.review_due_on is None
    assert "正在等待起草单位补充" in refusal(doc, "request_materials", {"on": D(2025, 10, 9), "reason": "再补"},
                                             users.office)
    doc = services.transition(users.office, doc, "supply_materials", {"on": D(2025, 10, 13), "reason": "已补充起草说明"})
    assert doc.review_due_on == D(2025, 10, 29)
    assert clock_of(doc, "legality_review").state == "running"
    assert "无需报送补充材料" in refusal(doc, "supply_materials", {"on": D(2025, 10, 14), "reason": "又补"})


def test_no_extension_where_the_rules_provide_none(make_doc, users):
    doc = submitted(make_doc, D(2025, 9, 26))
    message = refusal(doc, "extend_legality_review", {"on": D(2025, 10, 20), "extension_days": 5,
                                                       "reason": "情况复杂，经审核机构负责人批准"}, users.office)
    assert "最长不超过15个工作日" in message and "未规定可以延长" in message


def test_an_approved_extension_within_the_local_cap(make_doc, users, org):
    rule_services.set_time_limit(users.office, LEGALITY_REVIEW_EXTENSION, org.county, count=10, unit="WD",
                                 note="测试县行政规范性文件管理办法第十五条：经批准可延长不超过10个工作日")
    doc = submitted(make_doc, D(2025, 9, 26))  # due Thu 2025-10-23 (above)
    # 5 more working days: Fri 10-24 = 1, Mon 10-27 = 2, Tue 10-28 = 3, Wed 10-29 = 4, Thu 10-30 = 5.
    doc = services.transition(users.office, doc, "extend_legality_review", {
        "on": D(2025, 10, 20), "extension_days": 5, "reason": "情况复杂，经审核机构负责人批准"})
    assert doc.review_due_on == D(2025, 10, 30)
    trace = "\n".join(clock_of(doc, "legality_review").trace)
    assert "批准延长5个工作日" in trace and "合法性审核机构负责人" in trace
    message = refusal(doc, "extend_legality_review", {"on": D(2025, 10, 21), "extension_days": 6,
                                                       "reason": "仍需研究"}, users.office)
    assert "最多还可延长5个工作日" in message


def test_the_clock_restarts_after_a_failed_round(make_doc, users):
    doc = submitted(make_doc, D(2025, 9, 26))
    doc = services.transition(users.office, doc, "fail_legality_review", {"on": D(2025, 9, 30), "reason": "第二条不合法"})
    assert doc.state == State.DRAFTING and doc.review_due_on is None
    assert clock_of(doc, "legality_review").state == "met"
