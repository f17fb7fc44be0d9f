"""How good are the lead-unit suggestions? Leave-one-out over the items of seeds 003 and 004.

    .venv/bin/python bench/unit_suggest_eval.py [--source gold|engine] [--json] [--errors]

For every item of seed 003 (a city's 工作要点) and seed 004 (陇县's 若干措施) that names a lead unit,
the suggester is trained on all the other items of both seeds (their text without the assignment
clause, their lead units mapped to department types) plus the curated duty table, and asked for the
item's text with its own assignment clause cut out. Scored by department type:

* top-1: the first suggestion is one of the item's lead types;
* top-3: one of the first three is;
* top-3 (all leads): every lead type of the item is among the first three (items with two leads are
  harder);
* on the items led (also) by a department other than 司法局 — which always answering 司法局 cannot get
  right — top-1 / top-3: the first / one of the first three suggestions is such a department.
Baselines: always the most frequent lead type of the training items; the duty table alone; the
learned neighbours alone. `--source engine` reads the seeds with the extraction engine instead of the
hand-checked gold files. No Django needed; timings are wall-clock on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from fazhi.supervision.suggest import LeadSuggester, example, label  # noqa: E402
from fazhi.supervision.suggest.engine import WEIGHTS  # noqa: E402

GOLD_DIRS = [REPO.parent / "shared" / "gold"]
SEED_DIRS = [REPO / "fazhi" / "plans" / "fixtures" / "seeds", REPO.parent / "shared" / "seeds"]
SEEDS = ("003_4ba20fc61f612668", "004_643af773d1701091")

METHODS = {
    "combined": WEIGHTS,
    "duty table + prior": {"duty": 0.45, "mention": 0.0, "similar": 0.0, "prior": 0.10},
    "neighbours + prior": {"duty": 0.0, "mention": 0.0, "similar": 0.35, "prior": 0.10},
    "combined without mentions": {**WEIGHTS, "mention": 0.0},
}


def _find(dirs: list[Path], name: str) -> Path:
    for folder in dirs:
        if (folder / name).is_file():
            return folder / name
    raise SystemExit(f"找不到文件 {name}")


def load_items(source: str) -> list[dict]:
    items = []
    for seed in SEEDS:
        if source == "gold":
            doc = json.loads(_find(GOLD_DIRS, f"{seed}.json").read_text(encoding="utf-8"))
        else:
            from fazhi.plans.extract import parse_file

            doc = parse_file(_find(SEED_DIRS, f"{seed}.txt"))
        for index, item in enumerate(doc["items"]):
            if item.get("lead_units") and item.get("text"):
                items.append({"id": f"{seed[:3]}:{index}", "seed": seed[:3], **item})
    return items


def examples_of(items: list[dict]) -> list:
    found = [example(i["id"], i["text"], i["lead_units"], i.get("title") or "") for i in items]
    return [e for e in found if e is not None]


def evaluate(items: list[dict], weights: dict[str, float]) -> dict:
    examples = examples_of(items)
    rows = []
    for target in examples:
        rest = [e for e in examples if e.id != target.id]
        suggester = LeadSuggester(rest, weights=weights)
        ranked = [s.type for s in suggester.suggest(target.text, limit=3)]
        rows.append(
            {
                "id": target.id,
                "gold": sorted(target.lead_types),
                "ranked": ranked,
                "top1": bool(ranked[:1]) and ranked[0] in target.lead_types,
                "top3": any(t in target.lead_types for t in ranked[:3]),
                "top3_all": target.lead_types <= set(ranked[:3]),
            }
        )
    n = len(rows)
    # Items led (also) by a department other than the justice bureau: the majority type cannot answer these.
    others = [r for r in rows if set(r["gold"]) - {"justice"}]
    found_other = [any(t in set(r["gold"]) - {"justice"} for t in r["ranked"][:3]) for r in others]
    return {
        "other_items": len(others),
        "other_top3": sum(found_other) / len(others) if others else 0.0,
        "other_top1": sum(
            bool(r["ranked"]) and r["ranked"][0] in set(r["gold"]) - {"justice"} for r in others
        )
        / (len(others) or 1),
        "items": n,
        "top1": sum(r["top1"] for r in rows) / n,
        "top3": sum(r["top3"] for r in rows) / n,
        "top3_all": sum(r["top3_all"] for r in rows) / n,
        "by_seed": {
            seed: {
                "items": len(sub),
                "top1": sum(r["top1"] for r in sub) / len(sub),
                "top3": sum(r["top3"] for r in sub) / len(sub),
            }
            for seed in sorted({r["id"][:3] for r in rows})
            for sub in [[r for r in rows if r["id"].startswith(seed)]]
        },
        "rows": rows,
    }


def majority_baseline(items: list[dict]) -> dict:
    examples = examples_of(items)
    top1 = top3 = others = other_top3 = 0
    for target in examples:
        counts = Counter(t for e in examples if e.id != target.id for t in e.lead_types)
        ranked = [t for t, _ in counts.most_common(3)]
        top1 += ranked[0] in target.lead_types
        top3 += any(t in target.lead_types for t in ranked)
        if target.lead_types - {"justice"}:
            others += 1
            other_top3 += any(t in target.lead_types - {"justice"} for t in ranked)
    return {
        "items": len(examples),
        "top1": top1 / len(examples),
        "top3": top3 / len(examples),
        "other_items": others,
        "other_top3": other_top3 / (others or 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=["gold", "engine"], default="gold")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--errors", action="store_true", help="列出首条建议不对的条目")
    parser.add_argument("--sensitivity", action="store_true", help="相似条目与先验权重的敏感性")
    args = parser.parse_args(argv)

    items = load_items(args.source)
    if args.sensitivity:
        print("similar  prior   top-1   top-3  top-3(全部)  非司法局 top-1/top-3")
        for similar in (0.1, 0.2, 0.35):
            for prior in (0.05, 0.1):
                r = evaluate(items, {**WEIGHTS, "similar": similar, "prior": prior})
                print(
                    f"{similar:>7}{prior:>7}{r['top1']:>8.3f}{r['top3']:>8.3f}{r['top3_all']:>12.3f}"
                    f"{r['other_top1']:>12.3f} / {r['other_top3']:.3f}"
                )
        return 0
    started = time.perf_counter()
    results = {name: evaluate(items, weights) for name, weights in METHODS.items()}
    elapsed = time.perf_counter() - started
    baseline = majority_baseline(items)
    if args.json:
        print(
            json.dumps(
                {
                    "source": args.source,
                    "baseline": baseline,
                    "seconds": round(elapsed, 2),
                    "methods": {
                        k: {kk: vv for kk, vv in v.items() if kk != "rows"} for k, v in results.items()
                    },
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    print(f"来源：{args.source}；条目：{baseline['items']}（留一法，按部门类型计）")
    others = results["combined"]["other_items"]
    print(
        f"{'方法':<28}{'top-1':>8}{'top-3':>8}{'top-3(全部牵头)':>18}{f'非司法局牵头{others}条 top-1/top-3':>28}"
    )
    print(
        f"{'most frequent type':<28}{baseline['top1']:>8.3f}{baseline['top3']:>8.3f}{'':>18}"
        f"{'0.000':>20} / {baseline['other_top3']:.3f}"
    )
    for name, r in results.items():
        print(
            f"{name:<28}{r['top1']:>8.3f}{r['top3']:>8.3f}{r['top3_all']:>18.3f}"
            f"{r['other_top1']:>20.3f} / {r['other_top3']:.3f}"
        )
    for seed, r in results["combined"]["by_seed"].items():
        print(f"  combined, seed {seed}: {r['items']} items, top-1 {r['top1']:.3f}, top-3 {r['top3']:.3f}")
    print(f"全部方法留一法评估耗时 {elapsed:.2f} 秒")
    if args.errors:
        for r in results["combined"]["rows"]:
            if not r["top1"]:
                gold = "、".join(label(t) for t in r["gold"])
                ranked = "、".join(label(t) for t in r["ranked"])
                print(f"{'✗' if not r['top3'] else '~'} {r['id']} 正确：{gold}；建议：{ranked}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
