"""How good are the alignment suggestions? 陇县 (seed 004) against 陕西省 (seed 000), hand-checked pairing.

    .venv/bin/python bench/align_eval.py [--top-k 3] [--threshold 0.06] [--ablation] [--json]

Reads both seed plans with the extraction engine, runs `fazhi.plans.align.suggest` and compares it with
`bench/data/align_004_000.json` (for each 陇县 item: the 陕西 items it implements, judged by hand).

* precision@1: the top suggestion is one of the item's gold upper items (over the 29 items);
* hit@3: at least one of the top three is right;
* precision@3: right suggestions among all top-3 suggestions (at most 3 per item; an item has 1–3 gold
  items, so the ceiling is well below 1);
* recall@3: gold pairs found among the top three, over all gold pairs;
* "as shown": the same after the threshold, i.e. what the alignment page offers; items left without a
  suggestion count against recall, and precision is over the suggestions actually made.
No Django needed; timings are wall-clock on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from fazhi.plans.align import (  # noqa: E402
    DEFAULT_THRESHOLD,
    DEFAULT_TOP_K,
    Weights,
    document_items,
    suggest,
    words,
)
from fazhi.plans.extract import parse_file  # noqa: E402

GOLD = REPO / "bench" / "data" / "align_004_000.json"
SEED_DIRS = [REPO / "fazhi" / "plans" / "fixtures" / "seeds", REPO.parent / "shared" / "seeds"]


def seed(name: str) -> Path:
    for folder in SEED_DIRS:
        if (folder / name).is_file():
            return folder / name
    raise SystemExit(f"找不到种子方案 {name}")


def load_gold() -> tuple[dict, dict[str, set[str]], dict[str, str]]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    pairs = {k: {v["primary"], *v["also"]} for k, v in gold["pairs"].items()}
    primary = {k: v["primary"] for k, v in gold["pairs"].items()}
    return gold, pairs, primary


def evaluate(suggestions, pairs: dict[str, set[str]], primary: dict[str, str], k: int) -> dict:
    n = len(pairs)
    top1 = hit = right = made = found = primary_top1 = answered = 0
    total_gold = sum(len(v) for v in pairs.values())
    for s in suggestions:
        want = pairs.get(s.lower)
        if want is None:
            continue
        got = [c.upper for c in s.candidates[:k]]
        if got:
            answered += 1
        top1 += bool(got) and got[0] in want
        primary_top1 += bool(got) and got[0] == primary[s.lower]
        hit += any(g in want for g in got)
        right += sum(g in want for g in got)
        made += len(got)
        found += len(want & set(got))
    return {
        "items": n,
        "answered": answered,
        "gold_pairs": total_gold,
        "suggestions": made,
        "precision@1": round(top1 / n, 3),
        "primary@1": round(primary_top1 / n, 3),
        "hit@3": round(hit / n, 3),
        "precision@3": round(right / made, 3) if made else 0.0,
        "recall@3": round(found / total_gold, 3),
        "precision@1_answered": round(top1 / answered, 3) if answered else 0.0,
    }


def run(lower, upper, pairs, primary, *, k: int, threshold: float, weights: Weights | None = None) -> dict:
    ranked = suggest(lower, upper, top_k=k, threshold=0.0, weights=weights)
    shown = suggest(lower, upper, top_k=k, threshold=threshold, weights=weights)
    return {
        "ranking": evaluate(ranked, pairs, primary, k),
        "shown": evaluate(shown, pairs, primary, k),
        "ranked": ranked,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top-k", type=int, default=DEFAULT_TOP_K)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--ablation", action="store_true", help="也评测只用单一特征的变体")
    parser.add_argument("--misses", action="store_true", help="列出首选错误的条目")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    gold, pairs, primary = load_gold()
    started = time.perf_counter()
    lower = document_items(parse_file(seed(gold["lower"])))
    upper = document_items(parse_file(seed(gold["upper"])))
    read = time.perf_counter() - started
    unknown = {u for v in pairs.values() for u in v} - {i.key for i in upper}
    unknown |= set(pairs) - {i.key for i in lower}
    if unknown:
        raise SystemExit(f"对照文件中的编号在抽取结果里找不到：{sorted(unknown)}")

    started = time.perf_counter()
    words("预热分词词典")  # jieba builds its prefix dictionary on first use
    warm = time.perf_counter() - started
    started = time.perf_counter()
    result = run(lower, upper, pairs, primary, k=args.top_k, threshold=args.threshold)
    elapsed = time.perf_counter() - started
    report = {
        "lower_items": len(lower),
        "upper_items": len(upper),
        "top_k": args.top_k,
        "threshold": args.threshold,
        "ranking": result["ranking"],
        "shown": result["shown"],
        "seconds": {
            "extract_both": round(read, 2),
            "jieba_load": round(warm, 2),
            "suggest_twice": round(elapsed, 2),
        },
    }
    if args.ablation:
        variants = {
            "words only": Weights(1, 0, 0),
            "bigrams only": Weights(0, 1, 0),
            "context only": Weights(0, 0, 1),
            "words+bigrams": Weights(0.33, 0.67, 0),
            "earlier 0.45/0.35/0.20": Weights(0.45, 0.35, 0.2),
            "default": Weights(),
        }
        report["ablation"] = {
            name: run(lower, upper, pairs, primary, k=args.top_k, threshold=args.threshold, weights=w)[
                "ranking"
            ]
            for name, w in variants.items()
        }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"陇县 {len(lower)} 条 × 陕西 {len(upper)} 条，top-k={args.top_k}，阈值={args.threshold}")
    for name in ("ranking", "shown"):
        r = report[name]
        print(
            f"  {name:<8} P@1={r['precision@1']:.3f} primary@1={r['primary@1']:.3f} hit@3={r['hit@3']:.3f} "
            f"P@3={r['precision@3']:.3f} R@3={r['recall@3']:.3f} answered={r['answered']}/{r['items']} "
            f"suggestions={r['suggestions']}"
        )
    for name, r in report.get("ablation", {}).items():
        print(
            f"  {name:<14} P@1={r['precision@1']:.3f} hit@3={r['hit@3']:.3f} P@3={r['precision@3']:.3f} "
            f"R@3={r['recall@3']:.3f}"
        )
    print(
        f"  抽取两份方案 {report['seconds']['extract_both']} s，载入分词词典 {report['seconds']['jieba_load']} s，"
        f"建议（两次）{report['seconds']['suggest_twice']} s"
    )
    if args.misses:
        for s in result["ranked"]:
            got = [c.upper for c in s.candidates]
            if got and got[0] not in pairs[s.lower]:
                print(
                    f"  ✗ {s.lower}: 首选 {got[0]} ({s.candidates[0].score})，应为 {sorted(pairs[s.lower])}，前三 {got}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
