"""The five seed plans against their hand-checked gold, scored by the shared evaluator."""

import importlib.util
import json

import pytest

from fazhi.plans.extract import parse_file
from tests.plans.extract.helpers import SHARED

THRESHOLDS = {"structure": 0.98, "title": 0.90, "units": 0.95, "deadlines": 0.90, "targets": 0.90}


@pytest.fixture(scope="module")
def scores():
    gold_dir, seeds, scorer = SHARED / "gold", SHARED / "seeds", SHARED / "eval" / "plan_eval.py"
    if not (gold_dir.is_dir() and seeds.is_dir() and scorer.is_file()):
        pytest.skip(f"shared gold/seeds/eval not found under {SHARED.resolve()}")
    spec = importlib.util.spec_from_file_location("plan_eval", scorer)
    plan_eval = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plan_eval)
    totals = {name: plan_eval.Tally() for name in THRESHOLDS}
    fields_ok = fields_total = 0
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        tallies, extra = plan_eval.score_doc(gold, parse_file(seeds / gold["source"]))
        for name in THRESHOLDS:
            totals[name].merge(tallies[name])
        fields_ok += sum(extra["doc_fields"].values())
        fields_total += len(extra["doc_fields"])
    return {name: tally.f1() for name, tally in totals.items()}, fields_ok / fields_total


@pytest.mark.parametrize("field", sorted(THRESHOLDS))
def test_micro_f1_meets_threshold(scores, field):
    assert scores[0][field] >= THRESHOLDS[field]


def test_document_fields(scores):
    assert scores[1] >= 0.9
