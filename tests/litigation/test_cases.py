"""行政应诉: the 答辩 / 举证 and appeal clocks derived by hand (2025–2026 holidays: 国庆 2025-10-01..08;
劳动节 2026-05-01..05; 端午 2026-06-19..21; 国庆 2026-10-01..07 with 调休 Saturday 10-10), hearings and the rates."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fazhi.litigation import rates, services
from fazhi.litigation.models import LitigationCase, Observation
from fazhi.litigation.workflow import LITIGATION
from fazhi.workflow import engine
from fazhi.workflow.clocks import clock_of
from tests.litigation.helpers import registered

D = datetime.date


def step(case, code, on, actor=None, **data):
    return engine.run(actor, LITIGATION, case, code, {"on": on, **data})


def test_defence_and_evidence_fifteen_days_rolled_over_a_holiday(org):
    case = registered(org, on=D(2025, 9, 23))
    # 15 days from 09-23 end on 10-08, the last day of 国庆 → first working day after it, Thursday 10-09.
    assert clock_of(case, "defence").due_on == D(2025, 10, 9) == clock_of(case, "evidence").due_on


def test_a_saturday_workday_is_not_rolled_over_and_the_court_may_extend_evidence(org, users):
    case = registered(org, on=D(2026, 9, 25))
    # 15 days from 09-25: 09-30 day 5, 10-10 day 15 — a Saturday, but a 调休 workday, so no roll-over.
    assert clock_of(case, "defence").due_on == D(2026, 10, 10)
    case = step(case, "extend_evidence", D(2026, 10, 9), extension_days=10, reason="不可抗力，法院准许延期",
                actor=users.office)
    # 10 more days from 10-10: 10-20 (Tuesday).
    assert clock_of(case, "evidence").due_on == D(2026, 10, 20)
    case = step(case, "defend", D(2026, 10, 15))
    assert (clock_of(case, "defence").state, clock_of(case, "evidence").state) == ("late", "met")
    assert case.transitions.get(action="defend").data["on_time"] is False


def test_appeal_window_fifteen_days_for_a_judgment_ten_for_a_ruling(org):
    judged = step(step(registered(org, on=D(2026, 3, 2)), "defend", D(2026, 3, 10)), "judge", D(2026, 4, 20),
                  judgment_kind="judgment", result="lost")
    # 15 days from 04-20 end on 05-05, in 劳动节 (05-01..05) → Wednesday 05-06.
    assert judged.appeal_due_on == D(2026, 5, 6)
    with pytest.raises(ValidationError, match="2026年5月6日届满"):
        step(judged, "become_effective", D(2026, 5, 6))
    judged = step(judged, "become_effective", D(2026, 5, 7))
    assert (judged.state, judged.final_result) == ("effective", "lost")
    ruled = step(step(registered(org, on=D(2026, 5, 11)), "defend", D(2026, 5, 20)), "judge", D(2026, 6, 9),
                 judgment_kind="ruling", result="won")
    # 10 days from 06-09 end on 06-19, 端午 (06-19..21) → Monday 06-22.
    assert ruled.appeal_due_on == D(2026, 6, 22)
    ruled = step(ruled, "appeal", D(2026, 6, 15), appellant="plaintiff")
    assert (ruled.state, clock_of(ruled, "appeal").state) == ("appealed", "met")


def test_staff_alone_needs_the_reason_heads_do_not(org, users):
    case = registered(org)
    with pytest.raises(ValidationError, match="负责人未出庭的理由"):
        services.add_hearing(users.office, case, held_on=D(2026, 11, 20), attendee="staff", attendee_name="李科员")
    services.add_hearing(users.office, case, held_on=D(2026, 11, 20), attendee="deputy", attendee_name="王副局长")


def test_rates_from_the_records(login, org, users):
    # 发改局: a food case (listed) heard twice, by a deputy and by staff; a general case heard once by the principal.
    food = registered(org, on=D(2026, 2, 2), case_type="food_drug")
    general = registered(org, on=D(2026, 3, 2))
    services.add_hearing(users.office, food, held_on=D(2026, 4, 1), attendee="deputy", attendee_name="王副局长")
    services.add_hearing(users.office, food, held_on=D(2026, 5, 6), attendee="staff", attendee_name="李科员",
                         absence_reason="出差")
    services.add_hearing(users.office, general, held_on=D(2026, 4, 8), attendee="principal", attendee_name="赵局长")
    # 司法局: one case, heard by staff only, no 旁听; 甲镇: no case but one 旁听 (exempt anyway).
    justice_case = registered(org, on=D(2026, 3, 2), unit=org.justice)
    services.add_hearing(users.office, justice_case, held_on=D(2026, 4, 9), attendee="staff", attendee_name="孙科员",
                         absence_reason="负责人另有公务")
    services.record_observation(users.office, unit=org.reform, held_on=D(2026, 6, 1), subject="某行政处罚案", attendees=12)
    services.record_observation(users.office, unit=org.town_gov, held_on=D(2026, 6, 1), subject="某征收案", attendees=8)
    # First instance: food lost, general won, both judged in 2026; justice case undecided.
    for case, result in ((food, "lost"), (general, "won")):
        step(step(case, "defend", D(2026, 3, 10)), "judge", D(2026, 6, 10), judgment_kind="judgment", result=result)
    r = rates.litigation_rates(LitigationCase.objects.for_user(users.office), Observation.objects.for_user(users.office),
                               2026)
    # 4 hearings, 2 by a 负责人 (deputy, principal) → 50 %; 1 lost of 2 judged → 50 %.
    assert (r.hearings, r.heads, r.head_rate, r.judged, r.lost, r.loss_rate) == (4, 2, 50.0, 2, 1, 50.0)
    units = {u.unit: u for u in r.units}
    assert (units["测试县发展和改革局"].principal, units["测试县发展和改革局"].principal_missing) == (1, False)
    assert units["测试县司法局"].principal_missing and units["测试县司法局"].observation_missing
    assert not units["甲镇人民政府"].observation_missing  # no case: exempt
    assert [c.pk for c in r.unattended] == [food.pk]  # listed type, the principal never appeared
    # The page's unit rows (written without the template engine): 司法局 1 case, 1 hearing by staff → 0 / 1 = 0.0 %,
    # no principal and no 旁听 with a case; 甲镇 no case, no hearing (rate —), one 旁听, exempt.
    page = login(users.office).get(reverse("litigation:rates"), {"year": 2026, "half": 1}).content.decode()
    assert ('<tr><td>测试县司法局</td><td>1</td><td>1</td><td>0</td><td>0.0%</td><td>0 <span class="badge '
            'text-bg-danger">未达每年1次</span></td><td>0 <span class="badge text-bg-warning">未组织</span></td></tr>') in page
    assert ('<tr><td>甲镇人民政府</td><td>0</td><td>0</td><td>0</td><td>—</td><td>0</td><td>1 <span '
            'class="text-secondary">（无案件，免）</span></td></tr>') in page
    outsider = rates.litigation_rates(LitigationCase.objects.for_user(users.outsider),
                                      Observation.objects.for_user(users.outsider), 2026)
    assert (outsider.hearings, outsider.units) == (0, [])


def test_case_page_timeline_reads_the_kernel_log(login, org, users):
    case = registered(org, on=D(2026, 11, 2))
    step(case, "defend", D(2026, 11, 10), users.office)
    page = login(users.office).get(reverse("litigation:detail", args=[case.pk])).content.decode()
    first, second = page.index("登记收到起诉状副本</strong> · 2026-11-02"), page.index("提交答辩状和证据</strong> · 2026-11-10")
    assert first < second
    assert LITIGATION.last_step(case) == ("提交答辩状和证据", D(2026, 11, 10))
