"""A module on the kernel in under 150 lines (tests/toy): its lifecycle, its clock and its refusals.

Its permission matrix (tests/toy/matrix_cases.py) runs with every other app's in tests/test_permission_matrix.py.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core import modules
from fazhi.core.models import Notification, OperationLog
from fazhi.workflow import engine, scan, services, steplog
from fazhi.workflow.clocks import clock_of
from tests.toy.models import Errand
from tests.toy.workflow import ERRAND

D = datetime.date


@pytest.fixture
def errand(org):
    return Errand.objects.create(title="群众来信答复", unit=org.justice)


def test_the_toy_module_is_small():
    here = Path(__file__).parent
    written = [p for p in here.rglob("*.py") if p.name not in ("test_toy.py", "0001_initial.py")]
    assert sum(len(p.read_text(encoding="utf-8").splitlines()) for p in written) < 150


def test_lifecycle_with_its_answer_clock(errand, users):
    errand = engine.run(users.office, ERRAND, errand, "accept", {"on": D(2024, 9, 27)})
    clock = clock_of(errand, "answer")
    # 10 working days from Friday 2024-09-27: 09-29 (调休), 09-30, [国庆 10-01…07], 10-08, 10-09, 10-10,
    # 10-11, 10-12 (调休 Saturday), 10-14, 10-15, 10-16.
    assert (errand.state, clock.state, clock.due_on, clock.rule_text) == ("handling", "running", D(2024, 10, 16),
                                                                          "10个工作日")
    errand = engine.run(users.office, ERRAND, errand, "answer", {"on": D(2024, 10, 16), "answer": "已答复来信人"})
    assert (errand.state, errand.answer) == ("done", "已答复来信人")
    assert clock_of(errand, "answer").state == "met"
    log = steplog.steps_of(errand)  # the kernel's one transition log
    assert list(log.values_list("action", flat=True)) == ["accept", "answer"]
    assert log.get(action="answer").data == {"answer": "已答复来信人", "on_time": True}
    log = OperationLog.objects.get(action="toy.errand.answer")
    assert modules.action_labels()[log.action] == "示例事项：答复"


def test_refusals_403_for_who_400_for_what(errand, users):
    with pytest.raises(PermissionDenied):  # no capability
        engine.run(users.reporter, ERRAND, errand, "accept")
    with pytest.raises(PermissionDenied):  # holds it, but 乙县 does not see 测试县's errand
        engine.run(users.outsider, ERRAND, errand, "accept")
    with pytest.raises(ValidationError, match="不能执行“答复”"):
        engine.run(users.office, ERRAND, errand, "answer", {"answer": "x"})
    errand = engine.run(users.office, ERRAND, errand, "accept", {"on": D(2024, 9, 27)})
    with pytest.raises(ValidationError, match="请填写答复内容"):
        engine.run(users.office, ERRAND, errand, "answer", {"on": D(2024, 10, 8)})
    with pytest.raises(ValidationError, match="早于上一步"):
        engine.run(users.office, ERRAND, errand, "answer", {"on": D(2024, 9, 26), "answer": "x"})
    assert [t.code for t in engine.allowed_for(users.office, ERRAND, errand)] == ["answer"]
    assert engine.allowed_for(users.outsider, ERRAND, errand) == []


def test_the_daily_scan_marks_it_overdue_and_tells_the_office(errand, users):
    engine.run(users.office, ERRAND, errand, "accept", {"on": D(2024, 9, 27)})
    assert sum(scan.scan_clocks(D(2024, 10, 16)).overdue.values()) == 0  # the due day itself is in time
    assert scan.scan_clocks(D(2024, 10, 17)).overdue == {("toy.errand", "answer"): 1}
    assert scan.scan_clocks(D(2024, 10, 18)).overdue == {}  # told once
    titles = list(Notification.objects.filter(recipient=users.office).values_list("title", flat=True))
    assert titles == ["答复逾期：事项“群众来信答复”应于2024-10-16前答复"]
    assert not Notification.objects.filter(recipient=users.outsider).exists()
    errand = engine.run(users.office, ERRAND, errand, "answer", {"on": D(2024, 10, 18), "answer": "迟复"})
    assert clock_of(errand, "answer").state == "late"


def test_the_time_limit_follows_the_jurisdiction(org, users):
    services.set_time_limit(users.office, "toy.answer", org.county, count=3, unit="ND", note="测试县规定第三条")
    here = Errand.objects.create(title="县内事项", unit=org.justice)
    there = Errand.objects.create(title="乙县事项", unit=org.other_justice)
    engine.run(None, ERRAND, here, "accept", {"on": D(2024, 9, 27)})
    engine.run(None, ERRAND, there, "accept", {"on": D(2024, 9, 27)})
    assert clock_of(here, "answer").due_on == D(2024, 9, 30)  # 测试县's own rule: 3 days, Monday 09-30
    assert clock_of(there, "answer").due_on == D(2024, 10, 16)  # 乙县 keeps the default
    with pytest.raises(PermissionDenied):  # 测试县's office cannot set 乙县's rules
        services.set_time_limit(users.office, "toy.answer", org.other_county, count=5, unit="ND")
