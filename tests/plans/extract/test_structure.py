"""Numbering styles, levels, implied labels, titles and item texts."""

from fazhi.plans.extract import parse_text
from fazhi.plans.extract.labels import parse_label


def paths(plan):
    return [item["path"] for item in plan["items"]]


def test_every_numbering_style_is_normalised():
    assert parse_label("一、总体要求").text == "一"
    assert parse_label("(二)基本原则").text == "(二)"
    assert parse_label("（十二）基本原则").text == "(十二)"
    assert parse_label("3.加强学习").text == "3"
    assert parse_label("4、加强学习").text == "4"
    assert parse_label("5．加强学习").text == "5"
    assert parse_label("(6)加强学习").text == "(6)"
    assert parse_label("（7）加强学习").text == "(7)"


def test_numbers_that_are_not_labels():
    for line in (
        "2025年底前完成",
        "3.5亿元投入",
        "12345热线",
        "(2021-2025年)",
        "(县司法局牵头)",
        "一体化推进",
    ):
        assert parse_label(line) is None, line


def test_levels_follow_the_styles_in_order_of_appearance():
    text = (
        "前言不算。\n一、总体目标\n（一）指导思想\n1.坚持党的领导\n（1）学习。内容很多。\n（2）培训。内容很多。\n"
        "2.坚持人民至上\n（二）工作原则\n二、主要任务\n（三）深化改革\n"
    )
    assert paths(parse_text(text)) == [
        ["一"],
        ["一", "(一)"],
        ["一", "(一)", "1"],
        ["一", "(一)", "1", "(1)"],
        ["一", "(一)", "1", "(2)"],
        ["一", "(一)", "2"],
        ["一", "(二)"],
        ["二"],
        ["二", "(三)"],
    ]


def test_continuous_numbering_across_sections_is_kept_as_written():
    text = (
        "一、甲\n（一）子一。正文内容在此。\n（二）子二。正文内容在此。\n二、乙\n（三）子三。正文内容在此。\n"
    )
    assert paths(parse_text(text))[-1] == ["二", "(三)"]


def test_unnumbered_first_paragraph_before_2_is_implicit_item_1():
    text = "一、加强组织领导\n压实主体责任。各单位主要负责人履行第一责任人职责。\n2. 健全考核机制。完善考核指标体系。\n"
    items = parse_text(text)["items"]
    assert [i["path"] for i in items] == [["一"], ["一", "1"], ["一", "2"]]
    assert items[1]["implicit"] is True and items[2]["implicit"] is False
    assert items[1]["title"] == "压实主体责任"
    assert items[0]["text"] == ""


def test_heading_title_is_not_repeated_in_text_but_leading_clause_title_is():
    text = "一、工作目标\n到年底基本建成体系，群众满意度明显提升。\n（一）优化营商环境。清理妨碍公平竞争的规定。\n"
    first, second = parse_text(text)["items"]
    assert first["title"] == "工作目标" and first["text"] == "到年底基本建成体系，群众满意度明显提升。"
    assert second["title"] == "优化营商环境" and second["text"].startswith("优化营商环境。")


def test_no_title_for_a_clause_with_commas_a_cited_title_or_a_single_sentence():
    text = "1.完善制度，健全机制。具体内容。\n2.推动《某某条例》出台。其他内容。\n3.加快制定装备配备标准。\n"
    assert [i["title"] for i in parse_text(text)["items"]] == [None, None, None]


def test_closing_remarks_after_the_last_item_are_not_item_text():
    text = "一、任务\n1.推进立法。内容。\n2.规范执法。内容。\n各单位要高度重视，确保各项任务落到实处。\n某某县人民政府\n"
    items = parse_text(text)["items"]
    assert items[-1]["text"] == "规范执法。内容。"


def test_paragraphs_of_a_section_heading_are_its_text():
    text = "一、深化改革\n第一段说明。\n第二段说明。\n（一）第一项。内容。\n"
    assert parse_text(text)["items"][0]["text"] == "第一段说明。第二段说明。"


def test_unit_line_belongs_to_the_item_text():
    text = "1.开展专项整治。内容。\n牵头单位：市司法局\n责任单位：各区县\n2.下一项。内容。\n"
    first = parse_text(text)["items"][0]
    assert first["text"] == "开展专项整治。内容。牵头单位：市司法局责任单位：各区县"
    assert first["lead_units"] == ["市司法局"] and first["responsible_units"] == ["各区县"]


def test_label_line_with_only_a_topic_clause_is_a_heading_when_children_follow():
    text = (
        "一、重点任务\n（一）全面提升执法人员能力素质。\n1．开展全员培训。制定培训大纲。\n"
        "（二）推进柔性执法。\n推行轻微违法行为不予处罚清单。\n（三）加快制定装备配备标准。\n（四）加强宣传。内容。\n"
    )
    items = parse_text(text)["items"]
    by_path = {tuple(i["path"]): i for i in items}
    assert (
        by_path[("一", "(一)")]["title"] == "全面提升执法人员能力素质"
        and by_path[("一", "(一)")]["text"] == ""
    )
    assert by_path[("一", "(二)")]["title"] == "推进柔性执法"
    assert by_path[("一", "(二)")]["text"] == "推行轻微违法行为不予处罚清单。"
    # A one-sentence item before a sibling stays text without a title.
    assert (
        by_path[("一", "(三)")]["title"] is None
        and by_path[("一", "(三)")]["text"] == "加快制定装备配备标准。"
    )


def test_unit_line_in_brackets_after_the_last_item_belongs_to_it():
    text = "一、保障\n1.加强组织。内容。\n2.加强考核。内容。\n（区委依法治区办牵头，区司法局配合）\n本方案自印发之日起实施。\n"
    last = parse_text(text)["items"][-1]
    assert last["text"] == "加强考核。内容。(区委依法治区办牵头，区司法局配合)"
    assert last["lead_units"] == ["区委依法治区办"] and last["cooperating_units"] == ["区司法局"]
