"""Issue #12.12, .13 and .15: each deadline goes to the units its own clause names; 各部门 means the
government's departments and 各执法部门 those marked with enforcement powers; 任期内 gives no plan-year
milestone; 每年至少开展2次 needs two accepted reports; a name marked 集合称谓 expands.

The item texts are seed 004's (陇县若干措施) items 3, 11, 18, 20, 25 and 29. 测试县 has one town (甲镇) and two
administrative departments (司法局, 发改局); the test adds a party organ and marks 发改局 as an enforcement body.
The plan is a one-year plan (2025), so yearly = 1, half-yearly = 2, quarterly = 4 occurrences."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from fazhi.core import services as core_services
from fazhi.core.models import Unit
from fazhi.plans.models import Plan
from fazhi.supervision import clauses, services
from fazhi.supervision.models import Milestone
from tests.supervision.conftest import add_item, task_for

ITEM_3 = ("行政规范性文件按规定程序和时限报送备案,合法性审查率、报备率、报备及时率和规范率达到100%。县、镇两级政府审查机构"
          "每年第一季度向本级政府报送上年度合法性审查工作报告,并抄送上一级审查机构。(县司法局牵头,各镇、各部门按职责分工负责)")
ITEM_11 = ("常态化开展执法案卷评查,每年至少开展2次案卷评查,各行政执法部门每季度至少开展1次本部门本系统案卷评查。"
           "(县司法局牵头,各执法部门按职责分工负责)")
ITEM_18 = ("开展行政机关领导干部旁听庭审活动。各镇、各部门每年至少组织1次行政应诉案件庭审旁听活动(无行政应诉案件的单位除外);"
           "县司法局负责,每半年通报1次各部门庭审旁听活动开展情况。(县司法局牵头,各镇、各部门按职责分工负责)")
ITEM_20 = ("坚持每季度对行政机关负责人出庭应诉、行政诉讼败诉、行政复议纠错情况及败诉纠错典型案例进行通报。每半年对司法建议、"
           "检察建议反馈情况及行政机关履行生效行政复议决定、行政判决情况进行通报。(县司法局牵头,各镇、各部门按职责分工负责)")
ITEM_25 = ("落实领导干部学法用法制度,政府领导班子每年举办2期以上法治专题讲座,各部门领导班子坚持会前学法、重大决策前专题学法,"
           "承担行政执法职能的部门负责人任期内至少接受1次法治专题脱产培训,每年组织国家工作人员学法用法考试至少1次。"
           "(县司法局牵头,各镇、各部门按职责分工负责)")
ITEM_29 = ("落实年度报告制度。每年3月1日前,县政府向同级党委、人大常委会和上一级政府报告上一年度法治政府建设情况,县政府各部门向"
           "本级党委和政府、上一级政府有关部门报告上一年度法治政府建设情况,并在4月1日前通过政府门户网站等向社会公开。"
           "(县司法局牵头,各部门按职责分工负责)")


def yearly(text, times=None, by=None):
    return {"text": text, "kind": "recurring", "freq": "yearly", "times": times, "by": by}


def every(freq, text, times=None):
    return {"text": text, "kind": "recurring", "freq": freq, "times": times, "by": None}


@pytest.fixture
def measures(org, users):
    core_services.set_unit_attributes(None, org.reform, organ=Unit.Organ.ADMINISTRATIVE, enforcement_powers=True)
    party = core_services.create_unit(None, name="中共测试县委宣传部", kind=Unit.Kind.DEPARTMENT, parent=org.county,
                                      aliases=["县委宣传部"])
    plan = Plan.objects.create(jurisdiction=org.county, title="测试县2025年法治政府建设工作要点", period_start=2025,
                               period_end=2025, created_by=users.office)
    lead = ("lead", "县司法局", org.justice)
    towns, departments = ("responsible", "各镇", None), ("responsible", "各部门", None)
    enforcement = ("responsible", "各执法部门", None)
    items = {
        3: add_item(plan, 1, ["3"], ITEM_3, units=[lead, towns, departments],
                    deadlines=[yearly("每年第一季度", by="03-31")]),
        11: add_item(plan, 2, ["11"], ITEM_11, units=[lead, enforcement],
                     deadlines=[yearly("每年至少开展2次", 2), every("quarterly", "每季度至少开展1次", 1)]),
        18: add_item(plan, 3, ["18"], ITEM_18, units=[lead, towns, departments],
                     deadlines=[yearly("每年至少组织1次", 1), every("half_yearly", "每半年通报1次", 1)]),
        20: add_item(plan, 4, ["20"], ITEM_20, units=[lead, towns, departments],
                     deadlines=[every("quarterly", "每季度"), every("half_yearly", "每半年")]),
        25: add_item(plan, 5, ["25"], ITEM_25, units=[lead, towns, departments],
                     deadlines=[yearly("每年举办2期以上", 2), every("term", "任期内至少接受1次", 1),
                                yearly("每年组织国家工作人员学法用法考试至少1次", 1)]),
        29: add_item(plan, 6, ["29"], ITEM_29, units=[lead, departments],
                     deadlines=[yearly("每年3月1日前", by="03-01"), yearly("在4月1日前", by="04-01")]),
    }
    services.generate_ledger(users.office, plan)
    plan.items_by_number, plan.party = items, party
    return plan


def per_unit(plan, number) -> Counter:
    task = task_for(plan.items_by_number[number])
    return Counter(task.milestones.values_list("unit__name", flat=True))


def test_duties_only_the_lead_performs_go_to_the_lead(measures):
    # Item 3: the review bodies' annual report — named by no unit, so the lead's: 1 milestone, not 4.
    assert per_unit(measures, 3) == {"测试县司法局": 1}
    # Item 20: quarterly and half-yearly 通报 by the lead: 4 + 2, nobody else.
    assert per_unit(measures, 20) == {"测试县司法局": 6}


def test_a_clause_goes_to_the_units_it_names(measures):
    # Item 18: 各镇、各部门每年至少组织1次 → 甲镇, 司法局, 发改局 once each; 县司法局负责，每半年通报 → 司法局 twice more.
    assert per_unit(measures, 18) == {"测试县司法局": 3, "甲镇人民政府": 1, "测试县发展和改革局": 1}
    # Item 11: 每年至少开展2次 → the lead; 各行政执法部门每季度 → the enforcement body (发改局), 4 quarters.
    assert per_unit(measures, 11) == {"测试县司法局": 1, "测试县发展和改革局": 4}
    # Item 29: 县政府各部门 report by 03-01, and (并) publish by 04-01: both departments, twice each.
    assert per_unit(measures, 29) == {"测试县司法局": 2, "测试县发展和改革局": 2}


def test_departments_are_never_party_organs(measures):
    task = task_for(measures.items_by_number[18])
    assert not task.units.filter(unit=measures.party).exists()
    assert not Milestone.objects.filter(unit=measures.party).exists()


def test_term_requirements_get_no_plan_year_date(measures):
    task = task_for(measures.items_by_number[25])
    # 每年举办2期以上 and 每年组织……考试 → the lead (named by no unit); 任期内至少接受1次 → none.
    assert sorted(task.milestones.values_list("deadline_index", flat=True)) == [0, 2]
    assert any(d["freq"] == "term" for d in task.deadlines)  # the requirement stays on the task


def test_at_least_twice_a_year_needs_two_accepted_reports(org, users):
    plan = Plan.objects.create(jurisdiction=org.county, title="测试县2099年工作要点", period_start=2099,
                               period_end=2099, created_by=users.office)
    item = add_item(plan, 1, ["1"], "县发改局每年至少开展2次专项检查。(县发改局负责)",
                    units=[("responsible", "县发改局", org.reform)], deadlines=[yearly("每年至少开展2次", 2)])
    services.generate_ledger(users.office, plan)
    milestone = task_for(item).milestones.get()
    assert milestone.required_reports == 2
    for round_ in (1, 2):
        report = services.save_report(users.reporter, milestone, text=f"第{round_}次检查已完成", percent=100,
                                      completed=True, links=["https://example.org/a"])
        services.submit_report(users.reporter, report)
        services.accept_report(users.office, report)
        milestone.refresh_from_db()
        assert milestone.state == (Milestone.State.OPEN if round_ == 1 else Milestone.State.CLOSED)
    assert milestone.outcome == Milestone.Outcome.ON_TIME


def test_a_name_marked_collective_at_import_expands_in_the_ledger(org, users):
    plan = Plan.objects.create(jurisdiction=org.county, title="测试县2025年工作要点", period_start=2025,
                               period_end=2025, created_by=users.office)
    # is_collective without a unit: the office marked 乡镇人民政府 as 集合称谓 in the import preview.
    item = add_item(plan, 1, ["1"], "乡镇人民政府完成清理。(乡镇人民政府负责)",
                    units=[("responsible", "乡镇人民政府", None)], deadlines=[])
    services.generate_ledger(users.office, plan)
    task = task_for(item)
    assert task.unresolved_names == []
    assert list(task.units.values_list("unit__name", "via")) == [("甲镇人民政府", "乡镇人民政府")]


def test_clause_rule_on_plain_text():
    names = ["县司法局", "各部门", "各镇"]

    def find(text):
        found = []
        for name in names:
            start = text.find(name)
            if start >= 0:
                found.append((start, start + len(name), name))
        return sorted(found)

    assert clauses.performers("各镇、各部门每年至少组织1次。", "每年至少组织1次", 0, find) == ["各镇", "各部门"]
    assert clauses.performers("县司法局负责,每半年通报1次各部门情况。", "每半年通报1次", 0, find) == ["县司法局"]
    assert clauses.performers("坚持每季度通报各部门情况。", "每季度", 0, find) == []
    assert clauses.performers("另一段文字。", "每季度", 0, find) is None


def test_before_the_rule_every_unit_got_every_deadline_count(measures):
    """The figures the issue reported, for contrast: 4 reporting units × (4 + 2) on item 20 before the fix."""
    reporting = task_for(measures.items_by_number[20]).units.filter(removed_at__isnull=True).exclude(
        role="cooperating").count()
    assert reporting == 3  # 司法局 (lead), 甲镇, 发改局 — the party organ is not a 部门
    assert sum(per_unit(measures, 20).values()) == 6 < reporting * 6
    assert dt.date(2025, 12, 31) in task_for(measures.items_by_number[20]).milestones.values_list("due_on", flat=True)
