"""Literal-substring recall of the fold on the national law corpus: of the laws whose title or text holds
a term literally, how many does the search find? (The search finds a law when the folded term is a
substring of the folded title or text, on both backends alike, so this is computed on the folds alone.)

Two folds side by side: OpenCC's phrase-level t2s over whole texts (the fold before 2026-12-05, which
rewrites simplified text: `破坏土地` → `破坯土地`) and the character-by-character fold of
`fazhi.search.text.fold` now.

    .venv/bin/python bench/search_fold_recall.py [TERM ...]
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import opencc

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from corpus_gen import CORPUS  # noqa: E402

from fazhi.search.text import fold  # noqa: E402

TERMS = ["破坏", "坏", "二噁英", "噁英", "乾元", "乾", "行政处罚", "後", "乾燥"]


PHRASE_T2S = opencc.OpenCC("t2s")


def phrase_fold(text: str) -> str:
    """The former fold: NFKC and lower-case per character, then OpenCC t2s over the whole text."""
    return PHRASE_T2S.convert(fold_nfkc_only(text))


def fold_nfkc_only(text: str) -> str:
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", c) for c in text).translate(
        {c: chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}
    )


def main() -> None:
    terms = sys.argv[1:] or TERMS
    laws = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            law = json.loads(line)
            laws.append(law["title"] + "\n" + law["text"])
    folds = {
        "OpenCC t2s by phrase (before)": [phrase_fold(t) for t in laws],
        "per character (now)": [fold(t) for t in laws],
    }
    print(f"{len(laws)} laws, {sum(map(len, laws)) / 1e6:.1f} M characters")
    before, now = folds.values()
    changed = [(a, b) for a, b in zip(before, now, strict=True) if a != b]
    chars = sum(sum(x != y for x, y in zip(a, b, strict=False)) for a, b in changed)
    print(f"the two folds differ in {len(changed)} laws ({chars} characters at least)\n")
    print("| term | laws holding it literally | " + " | ".join(f"found, {name}" for name in folds) + " |")
    print("| --- | ---: |" + " ---: |" * len(folds))
    for term in terms:
        literal = [i for i, text in enumerate(laws) if term in text]
        cells = []
        for name, folded in folds.items():
            query = phrase_fold(term) if "before" in name else fold(term)
            found = sum(1 for i in literal if query in folded[i])
            cells.append(f"{found} / {len(literal)}" if literal else "– (0 laws)")
        print(f"| `{term}` | {len(literal)} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
