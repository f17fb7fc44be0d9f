"""Which upper-level items a lower-level item implements: BM25-weighted cosine similarity.

Each item becomes three sparse vectors over the two plans taken together as the corpus:

* **word**: jieba words minus stop-words, BM25 term weights (saturating term frequency, length
  normalisation, idf over both plans, so what every item of either plan says weighs nothing);
* **bigram**: character bigrams of the same text, which survive segmentation differences;
* **context**: the titles of the sections above an item (一、… / (四)完善行政执法工作体系 / 11.完善行政执法
  程序). A county's 4.提高行政执法人员能力素质 sits under 二、全面提升行政执法质量, the province's matching
  paragraph under (四)完善行政执法工作体系: the section titles agree when the paragraphs word it differently.

The score is a weighted sum of the three cosines, in [0, 1]. A lower item gets its `top_k` best upper
items whose score reaches `threshold`; below it the engine says nothing rather than guess.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from fazhi.plans.align.text import bigrams, words

DEFAULT_TOP_K = 3
DEFAULT_THRESHOLD = 0.06

# Sections that state aims and principles rather than tasks (总体要求 → 指导思想, 基本目标 …): nothing below
# implements them item by item, so they are neither suggested nor counted in coverage.
GENERAL_SECTIONS = frozenset(
    {
        "总体要求",
        "指导思想",
        "基本原则",
        "工作原则",
        "总体目标",
        "主要目标",
        "基本目标",
        "工作目标",
        "目标任务",
    }
)


@dataclass(frozen=True)
class Item:
    """One item to align: its key (e.g. a PlanItem id), text, own title and the section titles above it."""

    key: Hashable
    text: str
    title: str = ""
    context: tuple[str, ...] = ()
    label: str = ""

    @property
    def body(self) -> str:
        # A titled paragraph usually repeats its title as the first sentence; adding it again is harmless.
        return f"{self.title}。{self.text}" if self.title and self.title not in self.text else self.text


@dataclass(frozen=True)
class Weights:
    """How much each cosine counts. Bigrams lead: they match 裁量权基准 with 裁量基准 and are immune to
    segmentation; the context only breaks near-ties (see docs/benchmarks.md for the ablation)."""

    word: float = 0.3
    bigram: float = 0.6
    context: float = 0.1


@dataclass(frozen=True)
class Candidate:
    upper: Hashable
    score: float
    word: float
    bigram: float
    context: float


@dataclass
class Suggestion:
    lower: Hashable
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


Vector = dict[str, float]


class _Space:
    """BM25 weights for one kind of feature (words or bigrams) over a fixed corpus."""

    def __init__(self, documents: Sequence[list[str]], k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.n = max(len(documents), 1)
        self.avg_len = (sum(len(d) for d in documents) / self.n) or 1.0
        df: Counter[str] = Counter()
        for features in documents:
            df.update(set(features))
        self.idf = {t: math.log(1 + (self.n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def vector(self, features: Iterable[str]) -> Vector:
        counts = Counter(features)
        length = sum(counts.values())
        norm = self.k1 * (1 - self.b + self.b * length / self.avg_len)
        weights = {}
        for term, tf in counts.items():
            idf = self.idf.get(term)
            if idf is None:  # unseen in the corpus: treat as rare
                idf = math.log(1 + (self.n + 0.5) / 0.5)
            weights[term] = idf * tf * (self.k1 + 1) / (tf + norm)
        size = math.sqrt(sum(w * w for w in weights.values()))
        return {t: w / size for t, w in weights.items()} if size else {}


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


class Aligner:
    """Scores every (lower, upper) pair; build once per plan pair, then `rank` or `suggest`."""

    def __init__(self, upper: Sequence[Item], lower: Sequence[Item] = (), weights: Weights | None = None):
        self.upper = list(upper)
        self.weights = weights or Weights()
        upper_words = [words(i.body) for i in self.upper]
        lower_words = [words(i.body) for i in lower]
        upper_grams = [bigrams(i.body) for i in self.upper]
        lower_grams = [bigrams(i.body) for i in lower]
        self.word_space = _Space(upper_words + lower_words)
        self.gram_space = _Space(upper_grams + lower_grams)
        self._upper_words = [self.word_space.vector(w) for w in upper_words]
        self._upper_grams = [self.gram_space.vector(g) for g in upper_grams]
        self._upper_context = [
            self.word_space.vector(words("。".join((*i.context, i.title)))) for i in self.upper
        ]

    def rank(self, item: Item) -> list[Candidate]:
        """Every upper item scored against `item`, best first (ties keep document order)."""
        w = self.weights
        text_words = words(item.body)
        query_words = self.word_space.vector(text_words)
        query_grams = self.gram_space.vector(bigrams(item.body))
        query_context = self.word_space.vector(text_words + words("。".join(item.context)))
        scored = []
        for position, upper in enumerate(self.upper):
            word = cosine(query_words, self._upper_words[position])
            gram = cosine(query_grams, self._upper_grams[position])
            ctx = cosine(query_context, self._upper_context[position])
            score = w.word * word + w.bigram * gram + w.context * ctx
            scored.append(
                (
                    -score,
                    position,
                    Candidate(upper.key, round(score, 4), round(word, 4), round(gram, 4), round(ctx, 4)),
                )
            )
        scored.sort(key=lambda entry: (entry[0], entry[1]))
        return [entry[2] for entry in scored]

    def suggest(
        self, item: Item, top_k: int = DEFAULT_TOP_K, threshold: float = DEFAULT_THRESHOLD
    ) -> Suggestion:
        return Suggestion(item.key, shortlist(self.rank(item), top_k, threshold))


def shortlist(ranked: Sequence[Candidate], top_k: int, threshold: float) -> list[Candidate]:
    """The candidates shown to staff: at most `top_k` of a ranking, each scoring at least `threshold`."""
    return [c for c in ranked if c.score >= threshold][:top_k]


def suggest(
    lower: Sequence[Item],
    upper: Sequence[Item],
    *,
    top_k: int = DEFAULT_TOP_K,
    threshold: float = DEFAULT_THRESHOLD,
    weights: Weights | None = None,
) -> list[Suggestion]:
    """For each lower item (in order), its best upper items: at most `top_k`, each scoring >= `threshold`."""
    if top_k < 1:
        raise ValueError("top_k 至少为 1")
    if not 0 <= threshold <= 1:
        raise ValueError("阈值应在 0 到 1 之间")
    aligner = Aligner(upper, lower, weights)
    return [aligner.suggest(item, top_k, threshold) for item in lower]


@dataclass(frozen=True)
class SectionCoverage:
    section: Hashable
    total: int
    covered: int

    @property
    def percent(self) -> float:
        return round(100.0 * self.covered / self.total, 1) if self.total else 0.0


def outline_items(rows: Iterable[tuple[Hashable, Sequence[str], str, str]]) -> list[Item]:
    """The alignable items of one plan from its (key, path, title, text) rows in document order.

    Alignable means a leaf with text outside the aims-and-principles sections (`GENERAL_SECTIONS`): a
    heading with children is a section, and its title becomes context of the items below it (an
    untitled heading lends the start of its text instead).
    """
    rows = [(key, tuple(path), title or "", text or "") for key, path, title, text in rows]
    heading = {path: title or text[:40] for _, path, title, text in rows}
    parents = {path[:i] for _, path, _, _ in rows for i in range(1, len(path))}
    items = []
    for key, path, title, text in rows:
        if path in parents or not text.strip():
            continue
        context = tuple(heading[path[:i]] for i in range(1, len(path)) if heading.get(path[:i]))
        if GENERAL_SECTIONS & {title.strip(), *context}:
            continue
        items.append(Item(key, text, title, context, " ".join(path)))
    return items


def document_items(document: dict) -> list[Item]:
    """The alignable items of a `fazhi.plan/1` document, keyed by their display path ("二 (四) 11 (2)")."""
    return outline_items(
        (" ".join(i["path"]), i["path"], i.get("title") or "", i.get("text") or "") for i in document["items"]
    )


def coverage(rows: Iterable[tuple[Hashable, Hashable]], covered: set) -> list[SectionCoverage]:
    """Per section (in first-seen order), how many of its upper items are in `covered`.

    `rows` are (section, upper item key) pairs, one per alignable upper item.
    """
    totals: dict[Hashable, list[int]] = {}
    for section, key in rows:
        entry = totals.setdefault(section, [0, 0])
        entry[0] += 1
        entry[1] += key in covered
    return [SectionCoverage(section, total, done) for section, (total, done) in totals.items()]
