"""The alignment engine (fazhi.plans.align): features, ranking, threshold, outline and coverage. No Django."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fazhi.plans import align
from fazhi.plans.align import Item, Weights, coverage, document_items, outline_items, suggest
from fazhi.plans.extract import parse_file

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "fazhi" / "plans" / "fixtures" / "seeds"
GOLD = REPO / "bench" / "data" / "align_004_000.json"

UPPER = [
    Item(
        "u1",
        "全面落实行政裁量权基准制度，细化量化各行政执法行为的裁量范围、种类、幅度并对外公布。",
        context=("完善行政执法工作体系", "完善行政执法程序"),
    ),
    Item(
        "u2",
        "深化行政复议体制改革，推动建立行政复议委员会，提高行政复议办案质量。",
        context=("完善社会矛盾纠纷行政预防调处化解体系",),
    ),
    Item(
        "u3",
        "坚持以公开为常态、不公开为例外，全面提升政府信息公开申请办理工作质量。",
        context=("强化对行政权力的制约和监督", "深入推进政务公开"),
    ),
]


def test_clean_cuts_the_responsibility_parenthesis():
    text = "常态化开展执法案卷评查。(县司法局牵头,各执法部门按职责分工负责)每年2次。（县政府办负责）"
    assert align.clean(text) == "常态化开展执法案卷评查。每年2次。"
    # a parenthesis that names no responsibility stays
    assert "(无行政应诉案件的单位除外)" in align.clean("每年至少组织1次(无行政应诉案件的单位除外);")


def test_words_drop_boilerplate_and_keep_domain_terms():
    found = align.words("全面落实行政裁量权基准制度，加强行政裁量权基准的动态管理。(县司法局牵头)")
    assert "裁量权基准" in found or "行政裁量权" in found
    for stop in ("全面", "落实", "加强", "制度", "牵头", "县司法局"):
        assert stop not in found
    assert all(len(w) > 1 for w in found)


def test_bigrams_skip_stop_words():
    grams = align.bigrams("加强行政复议")
    assert "复议" in grams and "加强" not in grams and "强行" not in grams


def test_suggest_ranks_the_matching_upper_item_first():
    lower = [
        Item(
            "l1",
            "全面落实行政裁量权基准制度，各行政执法部门行政裁量权基准报县司法局。(县司法局牵头)",
            context=("全面提升行政执法质量",),
        ),
        Item("l2", "加强行政复议队伍建设，建立行政复议委员会。(县司法局牵头)", context=("加强行政复议工作",)),
        Item("l3", "深入推进政务公开，规范政府信息公开申请办理。(县政府办牵头)"),
    ]
    result = suggest(lower, UPPER, top_k=2, threshold=0.0)
    assert [s.best.upper for s in result] == ["u1", "u2", "u3"]
    assert all(len(s.candidates) == 2 for s in result)
    best = result[0].best
    assert 0 < best.score <= 1 and best.score > result[0].candidates[1].score
    assert best.word > 0 and best.bigram > 0


def test_threshold_leaves_an_unrelated_item_without_suggestion():
    lower = [Item("x", "认真组织春季植树造林和森林防火宣传。")]
    assert suggest(lower, UPPER, threshold=0.06)[0].candidates == []
    assert len(suggest(lower, UPPER, threshold=0.0, top_k=3)[0].candidates) == 3


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError):
        suggest([], UPPER, top_k=0)
    with pytest.raises(ValueError):
        suggest([], UPPER, threshold=1.5)


def test_weights_decide_which_feature_counts():
    lower = [Item("l", "规范政府信息公开申请办理", context=("完善行政执法程序",))]
    only_context = suggest(lower, UPPER, threshold=0.0, weights=Weights(0, 0, 1))[0].best
    only_words = suggest(lower, UPPER, threshold=0.0, weights=Weights(1, 0, 0))[0].best
    assert only_words.upper == "u3"
    assert only_context.upper == "u1"  # the section title 完善行政执法程序 is u1's


def test_outline_items_keep_leaves_with_text_and_their_section_titles():
    rows = [
        (1, ["一"], "总体要求", ""),
        (2, ["一", "(一)"], "指导思想", "坚持以习近平法治思想为指导。"),
        (3, ["二"], "主要任务", ""),
        (4, ["二", "1"], "完善行政执法程序", ""),
        (5, ["二", "1", "(1)"], "", "全面落实行政裁量权基准制度。"),
        (6, ["二", "2"], "", "深化行政复议体制改革。"),
        (7, ["三"], "", "加强组织领导。"),
    ]
    items = outline_items(rows)
    assert [i.key for i in items] == [5, 6, 7]  # aims (总体要求) and headings with children are left out
    assert items[0].context == ("主要任务", "完善行政执法程序")
    assert items[0].label == "二 1 (1)"
    assert items[2].context == ()


def test_coverage_per_section():
    rows = [("二", 1), ("二", 2), ("三", 3)]
    report = coverage(rows, {2, 3, 99})
    assert [(s.section, s.total, s.covered, s.percent) for s in report] == [
        ("二", 2, 1, 50.0),
        ("三", 1, 1, 100.0),
    ]


def test_seed_pair_meets_the_measured_precision():
    """陇县 (004) against 陕西 (000): the hand-checked pairing of bench/data; a guard against regressions."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    lower = document_items(parse_file(SEEDS / gold["lower"]))
    upper = document_items(parse_file(SEEDS / gold["upper"]))
    assert len(lower) == 29 and len(gold["pairs"]) == 29
    right = {k: {v["primary"], *v["also"]} for k, v in gold["pairs"].items()}
    result = suggest(lower, upper, top_k=3, threshold=0.0)
    top1 = sum(s.best.upper in right[s.lower] for s in result) / len(result)
    hit3 = sum(any(c.upper in right[s.lower] for c in s.candidates) for s in result) / len(result)
    assert top1 >= 0.75 and hit3 >= 0.9
