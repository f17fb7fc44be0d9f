"""Lead, cooperating and responsible units from parentheses, unit lines and prose."""

from fazhi.plans.extract import parse_text
from fazhi.plans.extract.units import extract_units


def test_closing_parenthesis_with_roles():
    units = extract_units(["推进执法规范化。（区司法局牵头，区财政局、区人社局配合，各街道按职责分工负责）"])
    assert units == {
        "lead_units": ["区司法局"],
        "cooperating_units": ["区财政局", "区人社局"],
        "responsible_units": ["各街道"],
    }


def test_labelled_units_with_nested_and_unbalanced_brackets():
    units = extract_units(
        ["内容。（牵头单位：州委依法治州办、州政府办公室；责任单位：州直各部门〔单位〕，各市〔县）"]
    )
    assert units["lead_units"] == ["州委依法治州办", "州政府办公室"]
    assert units["responsible_units"] == ["州直各部门(单位)", "各市(县)"]


def test_units_in_prose_and_in_several_groups_are_merged_without_duplicates():
    units = extract_units(
        [
            "第一部分。（市财政局牵头，各区按职责分工负责）第二部分。（市审计局牵头，各区按职责分工负责）",
            "由市司法局牵头，市法院配合。",
        ]
    )
    assert units["lead_units"] == ["市财政局", "市审计局", "市司法局"]
    assert units["cooperating_units"] == ["市法院"]
    assert units["responsible_units"] == ["各区"]


def test_prose_that_is_not_only_about_units_gives_none():
    units = extract_units(["县财政局负责，每季度通报1次进展情况。组织活动（无案件的单位除外）。"])
    assert units == {"lead_units": [], "cooperating_units": [], "responsible_units": []}


def test_repeated_responsibility_suffix_is_stripped():
    units = extract_units(["内容。（县司法局牵头，各乡镇、各部门按职责分工负责按职责分工负责）"])
    assert units["responsible_units"] == ["各乡镇", "各部门"]


def test_plan_without_units_has_empty_lists():
    item = parse_text("1.加强法治宣传。开展宪法宣传周活动。\n")["items"][0]
    assert item["lead_units"] == item["cooperating_units"] == item["responsible_units"] == []


def test_bare_level_shares_the_organ_of_the_next_level():
    units = extract_units(["内容。（自治区司法厅牵头，各市、县（区）人民政府负责）"])
    assert units["responsible_units"] == ["各市、县(区)人民政府"]
    units = extract_units(["内容。（县司法局牵头，各镇、各部门按职责分工负责）"])
    assert units["responsible_units"] == ["各镇", "各部门"]
