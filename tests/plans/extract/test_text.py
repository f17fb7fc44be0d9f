"""Normalisation: traditional characters, pinyin annotations, clutter, full-width forms, broken lines."""

from fazhi.plans.extract import parse_text
from fazhi.plans.extract.labels import is_label_line
from fazhi.plans.extract.text import clean_lines, is_clutter, normalise


def test_traditional_to_simplified_with_variants_opencc_leaves():
    assert normalise("陜西省推進依法行政") == "陕西省推进依法行政"


def test_inline_pinyin_is_removed_but_real_parentheses_stay():
    assert normalise("關(guān)於印發(fā)通知(PDF)") == "关于印发通知(PDF)"
    assert normalise("委員會(huì )召開(kāi)會議") == "委员会召开会议"
    assert normalise("平台(App)上线") == "平台(App)上线"


def test_full_width_digits_and_brackets_are_folded():
    assert normalise("（一）到２０２５年达到９８％") == "(一)到2025年达到98%"


def test_web_clutter_lines_are_dropped():
    text = (
        "当前位置：首页 > 政务公开\n发布时间：2023-05-06 浏览次数：12\n【字号：大 中 小】\n打印本页\n关闭窗口\n"
        "扫描二维码 分享到微信\n本文链接:https://example.gov.cn/a.html\n一、总体要求\n"
    )
    assert clean_lines(text, is_label_line) == ["一、总体要求"]


def test_plan_sentences_that_mention_clutter_words_are_kept():
    line = (
        "严禁在执法过程中随意关闭经营场所，确需关闭的应当依法作出决定并告知当事人陈述申辩的权利和救济途径，"
        * 2
    )
    assert not is_clutter(line)


def test_word_broken_across_lines_is_rejoined():
    text = "1.完善行政复议案件审理机制，推进行政复议工作规范 \n\n化建设，提升办案质量。\n2.加强应诉。"
    assert clean_lines(text, is_label_line) == [
        "1.完善行政复议案件审理机制,推进行政复议工作规范化建设,提升办案质量。".replace(",", "，"),
        "2.加强应诉。",
    ]


def test_heading_line_is_not_glued_to_its_paragraph():
    text = "（一）健全行政决策机制，提高决策质量 \n坚持科学决策、民主决策、依法决策。\n"
    assert clean_lines(text, is_label_line) == [
        "(一)健全行政决策机制，提高决策质量",
        "坚持科学决策、民主决策、依法决策。",
    ]


def test_spaces_inside_chinese_are_dropped_but_latin_words_keep_theirs():
    plan = parse_text("一、总体要求\n坚持 依法 行政， 推进 Open Data 平台建设。")
    assert plan["items"][0]["text"] == "坚持依法行政，推进Open Data平台建设。"
