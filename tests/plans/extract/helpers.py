"""Small builders shared by the extraction tests."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared"
HELDOUT = Path(__file__).resolve().parent / "heldout"
# The bar for plans the engine was not written against.
THRESHOLDS = {"structure": 0.98, "title": 0.90, "units": 0.95, "deadlines": 0.90, "targets": 0.90}


def load_scorer():
    """The shared evaluator (plan_eval.py) as a module, or None when ../shared is not there."""
    scorer = SHARED / "eval" / "plan_eval.py"
    if not scorer.is_file():
        return None
    spec = importlib.util.spec_from_file_location("plan_eval", scorer)
    plan_eval = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plan_eval)
    return plan_eval


def score_set(plan_eval, gold_dir: Path, docs_dir: Path) -> tuple[dict[str, float], float, float]:
    """Micro F1 per field, the share of document fields right and the mean indicator similarity."""
    from fazhi.plans.extract import parse_file

    totals = {name: plan_eval.Tally() for name in THRESHOLDS}
    fields_ok = fields_total = 0
    similarities: list[float] = []
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        tallies, extra = plan_eval.score_doc(gold, parse_file(docs_dir / gold["source"]))
        for name in THRESHOLDS:
            totals[name].merge(tallies[name])
        fields_ok += sum(extra["doc_fields"].values())
        fields_total += len(extra["doc_fields"])
        similarities += extra["indicator_sim"]
    mean_similarity = sum(similarities) / len(similarities) if similarities else 0.0
    return {name: tally.f1() for name, tally in totals.items()}, fields_ok / fields_total, mean_similarity


def minimal_pdf(text: str | None) -> bytes:
    """A one-page PDF; with `text`, a Helvetica text layer, without it only a drawn rectangle (a "scan")."""
    if text is None:
        stream = b"0 0 1 rg 10 10 100 100 re f"
    else:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream = f"BT /F1 12 Tf 20 100 Td ({escaped}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
