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
    assert [cn_to_int(x) for x in ("两", "十", "十二", "六十", "一百零五", "二〇二四", "三万")] == [
        2,
        10,
        12,
        60,
        105,
        2024,
        30000,
    ]
    assert to_number("3.5") == 3.5 and to_number("百姓") is None


def test_due_dates():
    assert keys("力争到2026年，2027年年底前完成，于2028年3月底前上报，2029年2月底前，2030年5月10日前") == [
        ("due", "2026-12-31", None, None),
        ("due", "2027-12-31", None, None),
        ("due", "2028-03-31", None, None),
        ("due", "2029-02-28", None, None),
        ("due", "2030-05-10", None, None),
    ]


def test_years_that_are_not_deadlines():
    assert keys("2021年以来成效明显，落实《某某规划（2021-2025年）》，2022年至2025年期间") == []


def test_recurring_with_count_period_end_and_date():
    assert keys("每年至少举办三期培训班，每季度通报，每半年开展1次督查，任期内至少参加一次，每月调度") == [
        ("recurring", "yearly", 3, None),
        ("recurring", "quarterly", None, None),
        ("recurring", "half_yearly", 1, None),
        ("recurring", "term", 1, None),
        ("recurring", "monthly", None, None),
    ]
    assert keys("每年第二季度报送上年度报告") == [("recurring", "yearly", None, "06-30")]
    assert keys("每年1月31日前报送报告，并在2月底前公开") == [
        ("recurring", "yearly", None, "01-31"),
        ("recurring", "yearly", None, "02-28"),
    ]


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
        (99, "%", ">=", None, "2027-12-31"),
        (100, "%", ">=", None, None),
    ]


def test_numbers_in_slogans_and_words_are_not_targets():
    assert targets("推行“一件事一次办”，建立两级联动机制，实现一网通办，开通12345热线") == []


def test_half_year_is_a_deadline_when_something_is_done_in_it():
    assert keys("2024年上半年实现全覆盖，2025年下半年完成清理") == [
        ("due", "2024-06-30", None, None),
        ("due", "2025-12-31", None, None),
    ]
    assert keys("2023年上半年以来，全市共受理案件；自2024年下半年起施行") == []


def test_month_day_of_the_current_year_in_a_yearly_duty():
    assert keys("每年调整1次，调整结果于当年6月30日前公布") == [
        ("recurring", "yearly", 1, None),
        ("recurring", "yearly", None, "06-30"),
    ]


def test_durations_are_targets_only_with_a_comparison_and_never_inside_a_relative_deadline():
    assert targets("征求意见的期限一般不少于30日") == [(30, "日", ">=", None, None)]
    assert targets("审核时间一般不少于5个工作日，最长不超过15个工作日") == [
        (5, "工作日", ">=", None, None),
        (15, "工作日", "<=", None, None),
    ]
    assert targets("应当自收到申请之日起20个工作日内作出答复，于6月30日前公布，用3个月时间开展整治") == []


def test_comparison_before_a_short_verb_and_other_measure_words():
    assert targets("至少选取2项开展评估") == [(2, "项", ">=", None, None)]
    assert targets("每个领域至少制定1张清单，评查案卷不少于300卷，考评分值不低于3分") == [
        (1, "张", ">=", None, None),
        (300, "卷", ">=", None, None),
        (3, "分", ">=", None, None),
    ]
    assert targets("县级以上地方各级人民政府只保留一个行政复议机关") == [(1, "个", "=", None, None)]
    assert targets("建成一支不少于80人的队伍") == [(80, "人", ">=", None, None)]


def test_listed_figures_share_the_comparison_and_the_subject():
    found = find_targets("专职人员分别不少于10名、6名、3名", [])
    assert [(t["value"], t["op"]) for t in found] == [(10, ">="), (6, ">="), (3, ">=")]
    assert len({t["indicator"] for t in found}) == 1


def test_indicator_names_what_is_counted_and_its_measure():
    def names(text):
        return [t["indicator"] for t in find_targets(text, [])]

    assert names("建成一支不少于80人的法治监督员队伍") == ["法治监督员队伍人数"]
    assert names("新建2个“枫桥式”派出所、4个“枫桥式”司法所") == [
        "新建“枫桥式”派出所数量",
        "新建“枫桥式”司法所数量",
    ]
    assert names("确保执法人员每人每年参加法律知识培训不少于40学时") == ["执法人员法律知识培训学时"]
    assert names("开展法治宣传活动不少于12场") == ["法治宣传活动场次"]
    assert names("行政执法案件合格率达到98%以上") == ["行政执法案件合格率"]
    assert names("负责人出庭应诉率达到100%、一审败诉率8%以下") == ["负责人出庭应诉率", "一审败诉率"]
