"""第三十二条: an application against a 当场 or 电子技术监控 penalty lodged with the agency that imposed it;
the agency forwards it within 5 working days (五日, 第八十八条第二款: working days). Every date derived by
hand from the 2025–2026 table (国庆 2025-10-01..08 with 调休 Saturday 10-11; 春节 2026-02-15..23 with 调休
Saturday 02-14 and 02-28)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from fazhi.reconsideration.workflow import RECON
from fazhi.workflow import engine
from fazhi.workflow.clocks import clock_of
from fazhi.workflow.scan import scan_clocks

D = datetime.date


def step(user, case, code, on, **data):
    return engine.run(user, RECON, case, code, {"on": on, **data})


def test_forwarding_clock_across_national_day_2025_then_the_review_from_receipt(file, users):
    case = file(D(2025, 9, 30), channel="forwarded")
    forward = clock_of(case, "forward")
    # 5 WD from Tue 09-30: [国庆 10-01..08], 10-09 1, 10-10 2, 10-11 (Sat, 调休 workday) 3, 10-13 4, 10-14 5.
    assert (case.state, forward.started_on, forward.due_on) == ("forwarding", D(2025, 9, 30), D(2025, 10, 14))
    assert clock_of(case, "review") is None  # the 复议机关 has not received it yet
    with pytest.raises(ValidationError, match="原行政机关尚未转送"):
        step(users.office, case, "receive", D(2025, 10, 9))
    case = step(users.office, case, "forward", D(2025, 10, 13))
    assert (case.state, clock_of(case, "forward").state) == ("forwarding", "met")
    with pytest.raises(ValidationError, match="早于上一步“原行政机关转送申请”"):
        step(users.office, case, "receive", D(2025, 10, 10))
    case = step(users.office, case, "receive", D(2025, 10, 15))
    # The review's 5 WD from Wed 10-15: 10-16, 10-17, 10-20, 10-21, 10-22.
    assert (case.state, clock_of(case, "review").due_on) == ("reviewing", D(2025, 10, 22))
    with pytest.raises(ValidationError, match="申请已登记收到"):
        step(users.office, case, "receive", D(2025, 10, 16))


def test_forwarding_over_spring_festival_2026_goes_due_soon_then_overdue_in_the_kernel_scan(file, users):
    case = file(D(2026, 2, 12), channel="forwarded")
    forward = clock_of(case, "forward")
    # 5 WD from Thu 02-12: 02-13 1, 02-14 (Sat, 调休) 2, [春节 02-15..23], 02-24 3, 02-25 4, 02-26 5.
    # Warned 3 WD before: 02-25, 02-24, then back over the holiday to 02-14.
    assert (forward.due_on, forward.warn_on) == (D(2026, 2, 26), D(2026, 2, 14))
    assert scan_clocks(D(2026, 2, 13)).due_soon[("reconsideration", "forward")] == 0
    assert scan_clocks(D(2026, 2, 14)).due_soon[("reconsideration", "forward")] == 1
    assert clock_of(case, "forward").state == "due_soon"
    assert scan_clocks(D(2026, 2, 26)).overdue[("reconsideration", "forward")] == 0  # the last day itself
    assert scan_clocks(D(2026, 2, 27)).overdue[("reconsideration", "forward")] == 1
    assert clock_of(case, "forward").state == "overdue"
    case = step(users.office, case, "forward", D(2026, 3, 2))
    assert clock_of(case, "forward").state == "late"


def test_agency_corrects_the_penalty_itself_before_forwarding(file, users):
    case = file(D(2026, 10, 9), channel="forwarded")
    # 5 WD from Fri 10-09: 10-10 (Sat, 国庆调休 workday) 1, 10-12 2, 10-13 3, 10-14 4, 10-15 5.
    assert clock_of(case, "forward").due_on == D(2026, 10, 15)
    case = step(users.office, case, "agency_corrected", D(2026, 10, 12), reason="原机关撤销罚款决定，申请人撤回申请")
    assert (case.state, clock_of(case, "forward").state, clock_of(case, "review")) == ("withdrawn", "cancelled", None)


def test_a_paper_application_has_no_forwarding_clock(file):
    case = file(D(2026, 10, 9))
    assert (case.state, clock_of(case, "forward")) == ("reviewing", None)


def test_the_case_page_shows_the_forwarding_clock_and_its_steps(login, file, users):
    from django.urls import reverse

    case = file(D(2026, 2, 12), channel="forwarded")
    page = login(users.office).get(reverse("reconsideration:detail", args=[case.pk])).content.decode()
    assert "原行政机关转送中" in page and 'data-clock="forward"' in page and "2026-02-26" in page
    assert 'data-step="forward"' in page and 'data-step="agency_corrected"' in page
    assert 'data-step="receive"' not in page and 'data-step="accept"' not in page  # not before it is forwarded
