"""The statutory catalogue: every row well formed, the table's numbers, lookups and overrides."""

import dataclasses
import datetime as dt

import pytest

from fazhi.deadlines import DeadlineRule, Unit
from fazhi.deadlines.statutory import _CATALOGUE, ANNUAL_DATES, RULES, get_rule


def test_keys_are_unique_and_rows_complete():
    assert len(RULES) == len(_CATALOGUE)
    for key, rule in RULES.items():
        assert isinstance(rule, DeadlineRule) and rule.key == key
        assert rule.label and rule.source and rule.start_event, key
        assert rule.count > 0, key


@pytest.mark.parametrize("key, count, unit, extension", [
    ("reconsideration.application", 60, Unit.ND, 0),
    ("reconsideration.acceptance_review", 5, Unit.WD, 0),
    ("reconsideration.decision", 60, Unit.ND, 30),
    ("reconsideration.decision_simple", 30, Unit.ND, 0),
    ("reconsideration.answer", 10, Unit.WD, 0),
    ("disclosure.reply", 20, Unit.WD, 20),
    ("disclosure.correction_notice", 7, Unit.WD, 0),
    ("disclosure.third_party", 15, Unit.WD, 0),
    ("normdoc.filing", 30, Unit.ND, 0),
    ("normdoc.legality_review_min", 5, Unit.WD, 0),
    ("normdoc.legality_review_max", 15, Unit.WD, 0),
    ("normdoc.consultation_min", 7, Unit.WD, 0),
    ("normdoc.consultation_min_market", 30, Unit.ND, 0),
    ("decision.public_comment", 30, Unit.ND, 0),
    ("decision.legality_review", 7, Unit.WD, 0),
    ("penalty.decision", 90, Unit.ND, 0),
    ("license.decision", 20, Unit.WD, 10),
    ("procuratorate.reply", 2, Unit.M, 0),
    ("transfer.to_police", 24, Unit.H, 0),
])
def test_design_notes_table(key, count, unit, extension):
    rule = get_rule(key)
    assert (rule.count, rule.unit, rule.max_extension) == (count, unit, extension)


def test_minimum_periods_do_not_roll_over():
    for key in ("normdoc.consultation_min", "normdoc.consultation_min_market", "decision.public_comment"):
        assert get_rule(key).roll_over is False


def test_unit_compares_as_its_code():
    # Stored rows and other modules hold the unit as "WD"/"ND".
    assert get_rule("disclosure.reply").unit == "WD"
    assert DeadlineRule(3, "ND").unit is Unit.ND


def test_overrides_return_a_new_rule():
    rule = get_rule("normdoc.filing", count=20, source="某省规定")
    assert (rule.count, rule.source) == (20, "某省规定")
    assert RULES["normdoc.filing"].count == 30
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule.count = 5  # type: ignore[misc]


def test_unknown_key_and_bad_rule():
    with pytest.raises(KeyError, match="未定义的法定期限"):
        get_rule("no.such.rule")
    with pytest.raises(ValueError):
        DeadlineRule(-1, Unit.ND)


def test_describe_names_the_extension_and_its_approver():
    assert get_rule("reconsideration.decision").describe() == "自受理之日起60日（可延长30日，经行政复议机构的负责人批准）"
    assert get_rule("regulation.review").describe() == "自审查程序启动之日起2个月（可延长合理期限，经国务院备案审查工作机构批准）"
    assert get_rule("reconsideration.decision_simple").describe() == "自受理之日起30日"


def test_annual_dates():
    assert ANNUAL_DATES["disclosure.department_report"].in_year(2025) == dt.date(2025, 1, 31)
    assert ANNUAL_DATES["rule_of_law.report_upward"].checked is False  # its article not found
    publish = ANNUAL_DATES["rule_of_law.report_publish"]
    assert (publish.checked, publish.in_year(2027)) == (True, dt.date(2027, 4, 1))
    assert "第二十四条" in publish.source
