"""Point 16 of issue #12: extensions are none, capped(n) or uncapped, each with the approver's role in the trace.

Every expected date is counted by hand over the State Council's holiday notices for 2025 and 2026
(国庆 2025-10-01..08 with make-up days 9-28 Sun and 10-11 Sat; 春节 2026-02-15..23 with 2-14 and
2-28 Sat; 清明 2026-04-04..06).
"""

import dataclasses
import datetime as dt

import pytest

from fazhi.deadlines import ClockEvent, DeadlineRule, Extension, ExtensionKind, Unit, compute_due
from fazhi.deadlines.result import EXTENDED, STARTED
from fazhi.deadlines.statutory import RULES, get_rule

D = dt.date


def start(day, reason="起算"):
    return ClockEvent("start", day, reason=reason)


def extend(day, days, by="负责人王某", reason="申请延长"):
    return ClockEvent("extend", day, by=by, reason=reason, days=days)


@pytest.mark.parametrize("key, kind, limit, approver", [
    ("reconsideration.decision", "capped", 30, "行政复议机构的负责人"),  # 复议法 art. 62
    ("reconsideration.correction_by_applicant", "uncapped", 0, "行政复议机关"),  # art. 31 ¶2
    ("reconsideration.decision_simple", "none", 0, ""),
    ("disclosure.reply", "capped", 20, "政府信息公开工作机构负责人"),  # 公开条例 art. 33
    ("disclosure.reply_excessive", "uncapped", 0, "行政机关"),  # art. 35
    ("regulation.review", "uncapped", 0, "国务院备案审查工作机构"),  # 备案审查条例 art. 11
    ("license.decision", "capped", 10, "本行政机关负责人"),  # 许可法 art. 42
    ("litigation.evidence", "uncapped", 0, "人民法院"),  # 行诉法 art. 36
    ("penalty.decision", "none", 0, ""),  # 处罚法 art. 60 sets none itself; sector rules override
])
def test_catalogue_extension_kinds(key, kind, limit, approver):
    rule = get_rule(key)
    assert (rule.extension.kind, rule.extension.limit, rule.approver) == (kind, limit, approver)
    assert rule.max_extension == limit  # the older reading still works


def test_every_extendable_rule_names_its_approver():
    for key, rule in RULES.items():
        assert bool(rule.approver) == rule.extension.allowed, key


def test_uncapped_correction_period_of_reasonable_length(cal):
    # 复议法 art. 31: 10 WD from receiving the 补正 notice on Fri 2025-09-26. Counted: 9-28 (make-up
    # Sunday) 1, 9-29 2, 9-30 3; 10-01..08 holiday; 10-09 4, 10-10 5, 10-11 (make-up Saturday) 6,
    # 10-13..16 7–10 → 2025-10-16.
    rule = get_rule("reconsideration.correction_by_applicant")
    events = [start(D(2025, 9, 26), "收到补正通知")]
    assert compute_due(cal, rule, events).date == D(2025, 10, 16)
    # Extended by 15 WD, then by 5 more (30 WD in all, beyond any cap a capped rule has): 10-17 11,
    # 10-20..24 12–16, 10-27..31 17–21, 11-03..07 22–26, 11-10..13 27–30 → 2025-11-13.
    events += [extend(D(2025, 10, 14), 15, by="复议机关负责人李某", reason="申请人因病不能按期补正"),
               extend(D(2025, 11, 5), 5, by="复议机关负责人李某", reason="补正材料需公证")]
    due = compute_due(cal, rule, events)
    assert due.date == D(2025, 11, 13)
    extended = [step.reason for step in due.trace if step.action == EXTENDED]
    assert extended[0] == "申请人因病不能按期补正（经复议机关负责人李某批准延长15个工作日；可延长合理期限，经行政复议机关批准）"
    assert "可延长合理期限，经行政复议机关批准" in due.trace[0].reason and due.trace[0].action == STARTED


def test_disclosure_reply_capped_but_excessive_requests_uncapped(cal):
    # 公开条例 art. 33: 20 WD from Fri 2026-01-30: 2-02..06 5, 2-09..13 10, 2-14 (make-up) 11,
    # 2-15..23 春节, 2-24..27 15, 2-28 (make-up) 16, 3-02..05 20 → 2026-03-05.
    received = start(D(2026, 1, 30), "收到申请")
    assert compute_due(cal, get_rule("disclosure.reply"), [received]).date == D(2026, 3, 5)
    with pytest.raises(ValueError, match="最多延长20个工作日，已申请延长30个工作日"):
        compute_due(cal, get_rule("disclosure.reply"), [received, extend(D(2026, 3, 2), 30)])
    # art. 35: a reasonable delay beyond that, told to the applicant. +30 WD: 3-06 21, 3-09..13 26,
    # 3-16..20 31, 3-23..27 36, 3-30..4-03 41, 4-06 清明, 4-07..10 45, 4-13..17 50 → 2026-04-17.
    due = compute_due(cal, get_rule("disclosure.reply_excessive"),
                      [received, extend(D(2026, 3, 2), 30, by="办公室主任赵某", reason="申请数量明显超过合理范围")])
    assert due.date == D(2026, 4, 17)
    assert "经办公室主任赵某批准延长30个工作日；可延长合理期限，经行政机关批准" in due.explain()


def test_regulation_review_two_months_extendable(cal):
    # 备案审查条例 art. 11: 2 months from the start of review on 2025-12-15 → 2026-02-15, a day of
    # 春节 (2-15..23): rolls to 2026-02-24. Extended by 1 month → 2026-03-15 (Sunday) → 2026-03-16.
    rule = get_rule("regulation.review")
    began = start(D(2025, 12, 15), "审查程序启动")
    assert compute_due(cal, rule, [began]).date == D(2026, 2, 24)
    due = compute_due(cal, rule, [began, extend(D(2026, 2, 10), 1, by="审查室负责人", reason="情况疑难复杂")])
    assert due.date == D(2026, 3, 16)


def test_none_refuses_and_a_sector_rule_may_allow(cal):
    # 处罚法 art. 60: 90 days from 立案 unless a law, regulation or 规章 provides otherwise.
    opened = start(D(2025, 3, 3), "立案")
    with pytest.raises(ValueError, match="不得延长"):
        compute_due(cal, get_rule("penalty.decision"), [opened, extend(D(2025, 5, 1), 30)])
    # A sector 规章 granting extensions (its number and approver kept with the override's source).
    sector = get_rule("penalty.decision", extension=Extension.uncapped("行政机关负责人集体讨论"),
                      source="某部门行政处罚程序规定（依行政处罚法第六十条）")
    # 90 days from 2025-03-03 → 2025-06-01 (端午, 5-31..6-02) → 06-03; +30 days → 2025-07-01 (Tue).
    assert compute_due(cal, sector, [opened]).date == D(2025, 6, 3)
    due = compute_due(cal, sector, [opened, extend(D(2025, 5, 20), 30, by="局长办公会")])
    assert due.date == D(2025, 7, 1)
    assert "经局长办公会批准延长30日；可延长合理期限，经行政机关负责人集体讨论批准" in due.explain()


def test_legacy_max_extension_spelling_still_works(cal):
    rule = DeadlineRule(10, Unit.ND, max_extension=5, label="旧写法")
    assert rule.extension == Extension(ExtensionKind.CAPPED, 5, "")
    assert rule.describe() == "10日（可延长5日）"
    recapped = dataclasses.replace(get_rule("reconsideration.decision"), max_extension=10)
    assert (recapped.max_extension, recapped.approver) == (10, "行政复议机构的负责人")
    assert dataclasses.replace(recapped, max_extension=0).extension.kind is ExtensionKind.NONE
    with pytest.raises(ValueError, match="最多延长10日"):
        compute_due(cal, recapped, [start(D(2025, 3, 3)), extend(D(2025, 3, 5), 11)])


def test_bad_extension_definitions():
    with pytest.raises(ValueError, match="须写明最多延长"):
        Extension(ExtensionKind.CAPPED, 0, "负责人")
    with pytest.raises(ValueError, match="不能设延长上限"):
        Extension(ExtensionKind.UNCAPPED, 5, "负责人")
    with pytest.raises(ValueError):
        Extension("sometimes")
