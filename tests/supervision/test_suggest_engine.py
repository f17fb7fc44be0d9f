"""The lead-unit suggestion engine on small examples of its own (no database)."""

from __future__ import annotations

import pytest

from fazhi.supervision.suggest import (
    DUTY_TABLE,
    LeadSuggester,
    department_type,
    example,
    is_collective,
    strip_assignment,
)
from fazhi.supervision.suggest.departments import BY_CODE


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("县司法局", "justice"),
        ("陇县司法局", "justice"),
        ("省司法厅", "justice"),
        ("市委依法治市办", "rule_of_law_office"),
        ("县委全面依法治县委员会办公室", "rule_of_law_office"),
        ("市政府办公室", "government_office"),
        ("县政府办", "government_office"),
        ("县政府", "government"),
        ("测试县人民政府", "government"),
        ("县发改局", "development_reform"),
        ("嘉善县发展和改革局", "development_reform"),
        ("市行政审批局", "approval"),
        ("县政务服务管理局", "approval"),
        ("县市场监管局", "market_regulation"),
        ("市市场监督管理局", "market_regulation"),
        ("县委编办", "staffing"),
        ("县委机构编制委员会办公室", "staffing"),
        ("市人大常委会法工委", "legislature"),
        ("县人民法院", "court"),
        ("县检察院", "procuratorate"),
        ("县人社局", "human_resources"),
        ("县卫健局", "health"),
        ("各镇", "town_each"),
        ("各乡镇", "town_each"),
        ("各部门", "dept_each"),
        ("市直各部门(单位)", "dept_each"),
        ("某某协会", None),
        ("", None),
    ],
)
def test_department_type_of_unit_names(name, code):
    assert department_type(name) == code


def test_every_duty_table_type_is_a_known_department_type():
    assert set(DUTY_TABLE) <= set(BY_CODE)
    assert is_collective("town_each") and not is_collective("justice")


def test_strip_assignment_cuts_both_clause_styles_and_keeps_other_brackets():
    assert strip_assignment("落实年度报告制度。(县司法局牵头,各部门按职责分工负责)") == "落实年度报告制度。"
    text = "推进简政放权。(牵头单位:市行政审批局;责任单位:市直各部门〔单位〕,各县〔区))"
    assert strip_assignment(text) == "推进简政放权。"
    assert (
        strip_assignment("执行《条例》(2019年)规定。（县政府办牵头）其余") == "执行《条例》(2019年)规定。其余"
    )
    # A clause whose closing bracket is missing runs to the end of the text.
    assert strip_assignment("开展评查。(县司法局牵头,各镇负责") == "开展评查。"


def test_duty_table_alone_ranks_the_department_that_owns_the_duty():
    engine = LeadSuggester([])
    ranked = engine.suggest("健全行政复议体制机制，提高行政机关负责人出庭应诉率。")
    assert ranked[0].type == "justice"
    assert "行政复议" in ranked[0].keywords
    assert "职责关键词：行政复议" in ranked[0].reason()
    ranked = engine.suggest("推动更多政务服务事项一网通办、全程网办，建立好差评制度。")
    assert ranked[0].type == "approval"


def test_confidences_are_ranked_shares_and_limit_applies():
    engine = LeadSuggester([])
    ranked = engine.suggest("加强审计监督，推进政务公开，规范行政复议。", limit=2)
    assert len(ranked) == 2
    assert ranked[0].confidence >= ranked[1].confidence > 0
    full = engine.suggest("加强审计监督，推进政务公开，规范行政复议。", limit=50)
    assert sum(s.confidence for s in full) == pytest.approx(1.0, abs=0.01)


def test_learned_examples_teach_what_the_duty_table_does_not_know():
    examples = [
        example(1, "推进河湖长制落实，开展河道清四乱行动。", ["县水利局"], title="河湖治理"),
        example(2, "加强河湖管理范围划定，整治河道采砂。", ["县水利局"]),
        example(3, "规范行政执法案卷评查。", ["县司法局"]),
    ]
    engine = LeadSuggester([e for e in examples if e], duty_table={})
    best = engine.suggest("全面落实河湖长制，规范河道采砂管理。")[0]
    assert best.type == "water"
    assert len(best.neighbours) == 2
    assert "2 条相似条目由水利局牵头（如“河湖治理”）" in best.reason()
    # A neighbour's title is quoted only if the caller may see it; otherwise it is only counted.
    assert "如" not in best.reason(show_example=lambda example_id: False)


def test_an_item_is_not_its_own_neighbour_when_excluded():
    only = example("x", "推进河湖长制落实。", ["县水利局"])
    engine = LeadSuggester([only], duty_table={})
    assert engine.suggest("推进河湖长制落实。")[0].type == "water"
    assert engine.suggest("推进河湖长制落实。", exclude="x")[0].neighbours == []


def test_the_item_own_assignment_clause_is_not_evidence():
    engine = LeadSuggester([], duty_table={})
    # The only department named is in the assignment clause, which is cut: nothing to go on.
    assert engine.suggest("开展专项行动。(县统计局牵头,各部门按职责分工负责)") == []


def test_a_department_named_in_the_running_text_is_evidence():
    engine = LeadSuggester([], duty_table={})
    best = engine.suggest("各行政执法部门行政裁量权基准报县司法局备案。")[0]
    assert best.type == "justice"
    assert best.mentions == ["县司法局"]
    assert "原文提及：县司法局" in best.reason()


def test_collective_names_are_never_suggested_as_lead():
    examples = [example(1, "开展镇级执法培训。", ["各镇"]), example(2, "开展镇级执法培训。", ["县司法局"])]
    assert examples[0] is None  # nothing to learn from a collective lead
    engine = LeadSuggester([e for e in examples if e])
    types = [s.type for s in engine.suggest("各镇人民政府开展镇级执法培训，强基工程。", limit=10)]
    assert "town_each" not in types and "dept_each" not in types
    assert types[0] == "justice"


def test_without_any_evidence_the_prior_answers_with_a_plain_reason():
    engine = LeadSuggester([example(1, "规范执法。", ["县司法局"])], duty_table={})
    best = engine.suggest("其他事项。")[0]
    assert best.type == "justice"
    assert best.reason() == "已指定牵头单位的条目中常见的牵头单位"
    assert best.level == "高"
