"""The five seed plans against their hand-checked gold, scored by the shared evaluator."""

import pytest

from tests.plans.extract.helpers import SHARED, THRESHOLDS, load_scorer, score_set


@pytest.fixture(scope="module")
def scores():
    gold_dir, seeds = SHARED / "gold", SHARED / "seeds"
    plan_eval = load_scorer()
    if plan_eval is None or not (gold_dir.is_dir() and seeds.is_dir()):
        pytest.skip(f"shared gold/seeds/eval not found under {SHARED.resolve()}")
    return score_set(plan_eval, gold_dir, seeds)


@pytest.mark.parametrize("field", sorted(THRESHOLDS))
def test_micro_f1_meets_threshold(scores, field):
    assert scores[0][field] >= THRESHOLDS[field]


def test_document_fields(scores):
    assert scores[1] >= 0.9
