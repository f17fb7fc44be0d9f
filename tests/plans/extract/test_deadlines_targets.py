"""Deadlines (due, recurring, relative) and quantified targets."""

from fazhi.plans.extract.deadlines import find_deadlines, scan_deadlines
from fazhi.plans.extract.numerals import cn_to_int, to_number
from fazhi.plans.extract.targets import find_targets


def targets(text):
    dues = [(p, d["date"]) for p, d in scan_deadlines(text) if d["kind"] == "due"]
    return [(t["value"], t["unit"], t["op"], t["per"], t["by"]) for t in find_targets(text, dues)]


def keys(text):
    out = []
    for d in find_deadlines(text):
        out.append((d["kind"], d.get("date") or d.get("freq") or d.get("days"), d.get("times"), d.get("by")))
    return out


def test_chinese_numerals():
    assert [cn_to_int(x) for x in ("两", "十", "十二", "六十", "一百零五", "二〇二四", "三万")] == [2, 10, 12, 60, 105, 2024, 30000]
    assert to_number("3.5") == 3.5 and to_number("百姓") is None


def test_due_dates():
    assert keys("力争到2026年，2027年年底前完成，于2028年3月底前上报，2029年2月底前，2030年5月10日前") == [
        ("due", "2026-12-31", None, None), ("due", "2027-12-31", None, None), ("due", "2028-03-31", None, None),
        ("due", "2029-02-28", None, None), ("due", "2030-05-10", None, None)]


def test_years_that_are_not_deadlines():
    assert keys("2021年以来成效明显，落实《某某规划（2021-2025年）》，2022年至2025年期间") == []


def test_recurring_with_count_period_end_and_date():
    assert keys("每年至少举办三期培训班，每季度通报，每半年开展1次督查，任期内至少参加一次，每月调度") == [
        ("recurring", "yearly", 3, None), ("recurring", "quarterly", None, None),
        ("recurring", "half_yearly", 1, None), ("recurring", "term", 1, None), ("recurring", "monthly", None, None)]
    assert keys("每年第二季度报送上年度报告") == [("recurring", "yearly", None, "06-30")]
    assert keys("每年1月31日前报送报告，并在2月底前公开") == [
        ("recurring", "yearly", None, "01-31"), ("recurring", "yearly", None, "02-28")]


def test_relative_deadline_with_trigger():
    found = find_deadlines("收到申请后，应当在15个工作日内作出答复")
    assert found == [{"text": "在15个工作日内", "kind": "relative", "days": 15, "trigger": "收到申请后"}]


def test_targets_operators_and_units():
    assert targets("复议纠错率达到95%以上") == [(95, "%", ">=", None, None)]
    assert targets("败诉率控制在5%以下") == [(5, "%", "<=", None, None)]
    assert targets("纠错率低于百分之三") == [(3, "%", "<", None, None)]
    assert targets("执法人员不超过30人") == [(30, "人", "<=", None, None)]
    assert targets("律师万人比达到4.2") == [(4.2, "", ">=", None, None)]
    assert targets("新设3个工作站") == [(3, "个", "=", None, None)]


def test_per_person_year_target_is_not_a_recurring_deadline():
    text = "确保每人每年参加不少于四十学时的法律培训"
    assert targets(text) == [(40, "学时", ">=", "person_year", None)]
    assert keys(text) == []


def test_occurrences_per_period_are_deadlines_not_targets():
    assert targets("每年至少开展2次评查") == []
    assert targets("至少开展1次评查") == [(1, "次", ">=", None, None)]


def test_several_indicators_sharing_one_figure():
    assert len(targets("备案率、审查率和公开率均达到100%")) == 3
    text = "公开率、审查率和备案及时率达到100%"
    assert [t["indicator"] for t in find_targets(text, [])] == ["公开率", "审查率", "备案及时率"]


def test_target_takes_by_from_its_sentence():
    assert targets("到2027年，持证率达到99%。公职律师覆盖率达到100%") == [
        (99, "%", ">=", None, "2027-12-31"), (100, "%", ">=", None, None)]


def test_numbers_in_slogans_and_words_are_not_targets():
    assert targets("推行“一件事一次办”，建立两级联动机制，实现一网通办，开通12345热线") == []
