"""Property tests: arbitrary and mutated text never makes the engine raise or hang."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.plans.extract import parse_text
from tests.plans.extract.helpers import SHARED

SAMPLE = (
    "某某市法治政府建设实施方案（2023—2025年）\n一、总体要求\n（一）指导思想\n坚持依法行政，到2025年基本建成法治政府。\n"
    "二、主要任务\n1.加强执法监督。每年至少开展2次评查，合格率达到98%以上，2024年6月底前完成。（市司法局牵头，各区按职责分工负责）\n"
    "（1）每人每年不少于60学时。\n2、发生变动后，要在10日内报备。牵头单位：市政府办公室\n"
)
SEED = next(iter(sorted((SHARED / "seeds").glob("*.txt"))), None) if (SHARED / "seeds").is_dir() else None
BASE = SEED.read_text(encoding="utf-8")[:6000] if SEED else SAMPLE
NOISE = st.sampled_from(
    [
        "(",
        ")",
        "（",
        "）",
        "〔",
        "〕",
        "《",
        "》",
        "“",
        "\n",
        "\n\n",
        "一、",
        "(一)",
        "1.",
        "(1)",
        "2024年",
        "年底前",
        "每年",
        "至少",
        "1次",
        "%",
        "达到",
        "牵头",
        "负责",
        "、",
        "，",
        "。",
        " ",
        "十",
        "百分之",
        "發(fā)",
        "２０",
        "\ufeff",
        "\x00",
        "9" * 40,
    ]
)

FUZZ = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])


def check(document):
    assert document["schema"] == "fazhi.plan/1"
    json.dumps(document, ensure_ascii=False)  # always serialisable
    for item in document["items"]:
        assert item["path"] and all(isinstance(label, str) for label in item["path"])


@FUZZ
@given(st.text(max_size=3000))
def test_arbitrary_text(text):
    check(parse_text(text))


@st.composite
def mutated(draw):
    text = BASE
    for _ in range(draw(st.integers(1, 12))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["delete", "duplicate", "insert"]))
        if action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 200)) :]
        elif action == "duplicate":
            text = text[:position] + text[position : position + draw(st.integers(1, 400))] + text[position:]
        else:
            text = text[:position] + draw(NOISE) + text[position:]
    return text


@FUZZ
@given(mutated())
def test_mutated_plan(text):
    check(parse_text(text))


@settings(max_examples=30, deadline=3000)
@given(st.sampled_from(["(", "（", "每年", "1.", "、", "牵头", "达到", "2024年", "一"]), st.integers(1, 3000))
def test_long_runs_of_one_token(token, count):
    check(parse_text(token * count))
