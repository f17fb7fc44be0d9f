"""Plan extraction speed: parse the five seed plans repeatedly on one core after a warm-up.

    .venv/bin/python bench/extract_bench.py [--rounds 40]

Prints plans per second, the median time per plan, and the peak Python memory (tracemalloc) of one
round. The CLI's cold start is measured separately (`python -X importtime`, see docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fazhi.plans.extract import parse_text, read_document  # noqa: E402

SEEDS = ROOT / ".." / "shared" / "seeds"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    paths = sorted(SEEDS.glob("*.txt"))
    if not paths:
        print(f"no seed plans under {SEEDS.resolve()}", file=sys.stderr)
        return 1
    texts = [(p.name, read_document(p)) for p in paths]
    for name, text in texts:  # warm-up: OpenCC dictionaries, regex compilation, the word check
        parse_text(text, name)

    per_plan: list[float] = []
    start = time.perf_counter()
    for _ in range(args.rounds):
        for name, text in texts:
            t0 = time.perf_counter()
            parse_text(text, name)
            per_plan.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - start
    count = args.rounds * len(texts)

    tracemalloc.start()
    for name, text in texts:
        parse_text(text, name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    size = sum(len(text) for _, text in texts) / len(texts)
    print(f"plans parsed        {count} ({len(texts)} seeds x {args.rounds} rounds, mean {size:,.0f} chars)")
    print(f"plans per second    {count / elapsed:.1f}")
    print(f"median per plan     {statistics.median(per_plan) * 1000:.2f} ms")
    print(f"slowest plan        {max(per_plan) * 1000:.2f} ms")
    print(f"peak memory (round) {peak / 1024 / 1024:.2f} MiB (tracemalloc)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
