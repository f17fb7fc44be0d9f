"""Ranking department types as the likely lead unit (牵头单位) of a task that names none.

Three kinds of evidence, each a distribution over department types, mixed with fixed weights:

* **duties** — keywords of the curated duty table (`duties.DUTY_TABLE`) found in the task's text;
* **similar items** — a TF-IDF k-nearest-neighbour vote over jieba tokens: items of plans that did
  name their lead units, each voting for its leads' types with its cosine similarity;
* **mentions** — a department the text itself names as an actor (…报县司法局, 县政府办公室负责…);
* a small **prior** — how often each type leads among the learned items, so that a text with no
  evidence still gets the usual answer, with a low confidence.

A component with no evidence drops out and the others are renormalised; the mixed value of a type is
its confidence (the confidences of all types sum to 1). The engine is pure Python (jieba only).
"""

from __future__ import annotations

import heapq
import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from fazhi.supervision.suggest.departments import (
    BY_CODE,
    department_type,
    is_collective,
    label,
    normalise_name,
)
from fazhi.supervision.suggest.duties import DUTY_TABLE

WEIGHTS = {"duty": 0.45, "similar": 0.35, "mention": 0.10, "prior": 0.10}
NEIGHBOURS = 7
# Must stay above 0: the inverted index never scores a vector that shares no term (similarity 0).
MIN_SIMILARITY = 0.05

# Assignment clauses are what the suggestion replaces: when learning and evaluating they are cut
# from the text so that the answer is never read off the item itself.
_ASSIGNMENT = re.compile(r"牵头|责任单位|配合单位|按职责分工负责|按职责负责|分别负责|主责单位|负责\s*$")
# A department named in running text: an optional region prefix and a body ending in 局/办/委/部/院….
_MENTION = re.compile(
    r"(?:[省市县区州旗]|[\u4e00-\u9fa5]{1,4}[省市县区])?(?:委|政府)?"
    r"[\u4e00-\u9fa5]{1,8}?(?:局|办公室|办|委员会|委|部|法院|检察院|厅)"
)
_STOP = frozenset(
    {
        "加强",
        "推进",
        "推动",
        "进一步",
        "完善",
        "健全",
        "建立",
        "建立健全",
        "落实",
        "全面",
        "深入",
        "开展",
        "工作",
        "制度",
        "机制",
        "提高",
        "提升",
        "实现",
        "确保",
        "严格",
        "按照",
        "有关",
        "相关",
        "各级",
        "依法",
        "规范",
        "强化",
        "持续",
        "不断",
        "积极",
        "坚持",
        "做好",
        "组织",
        "要求",
        "情况",
        "以上",
        "以及",
        "不少",
        "至少",
        "每年",
        "及时",
        "认真",
        "实行",
        "实施",
        "形成",
        "充分",
        "发挥",
        "作用",
        "重点",
        "重要",
        "主要",
    }
)


def strip_assignment(text: str) -> str:
    """The text without its bracketed unit assignments: (县司法局牵头,各镇、各部门按职责分工负责)."""
    text = normalise_name(text)
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "(":
            depth, j = 0, i
            while j < len(text):
                if text[j] == "(":
                    depth += 1
                elif text[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            inner = text[i + 1 : j]
            if _ASSIGNMENT.search(inner):
                i = j + 1
                # An unbalanced clause (…各县(区)) runs to the text's end; so does a clause cut short.
                continue
        out.append(text[i])
        i += 1
    return "".join(out)


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for keywords in DUTY_TABLE.values():
        for word in keywords:
            if len(word) >= 2 and not any(ch in word for ch in "()"):
                tokenizer.add_word(word, freq=2000)
    return tokenizer


def tokens(text: str) -> list[str]:
    """Content tokens of a text: jieba words of two or more characters, not stop words, no digits."""
    return [
        w
        for w in _tokenizer().lcut(text)
        if len(w) >= 2 and w not in _STOP and not w.isdigit() and re.search(r"[\u4e00-\u9fa5A-Za-z]", w)
    ]


@dataclass(frozen=True)
class Example:
    """A plan item whose lead units are known: the text it says, the types of its lead units."""

    id: Hashable
    text: str
    lead_types: frozenset[str]
    title: str = ""


def example(id: Hashable, text: str, lead_names: Iterable[str], title: str = "") -> Example | None:
    """An example from an item's text and the lead unit names as written; None when no name has a type."""
    types = frozenset(t for t in (department_type(n) for n in lead_names) if t and not is_collective(t))
    if not types:
        return None
    return Example(id, strip_assignment(f"{title}。{text}" if title else text), types, title)


@dataclass(frozen=True)
class Neighbour:
    id: Hashable
    title: str
    similarity: float


@dataclass
class Suggestion:
    """One department type with its confidence and the evidence behind it."""

    type: str
    confidence: float
    keywords: list[str] = field(default_factory=list)
    neighbours: list[Neighbour] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    from_prior: bool = False

    @property
    def label(self) -> str:
        return label(self.type)

    @property
    def level(self) -> str:
        """高 / 中 / 低, as staff read it."""
        return "高" if self.confidence >= 0.5 else "中" if self.confidence >= 0.25 else "低"

    def reason(self, show_example=lambda example_id: True) -> str:
        """One line: the duty keywords matched, the similar items, the mentions — strongest first."""
        parts: list[str] = []
        if self.keywords:
            parts.append("职责关键词：" + "、".join(self.keywords[:4]))
        if self.mentions:
            parts.append("原文提及：" + "、".join(self.mentions[:2]))
        if self.neighbours:
            shown = [n.title for n in self.neighbours if n.title and show_example(n.id)]
            text = f"{len(self.neighbours)} 条相似条目由{self.label}牵头"
            if shown:
                text += "（如“" + shown[0][:24] + "”）"
            parts.append(text)
        if not parts and self.from_prior:
            parts.append("已指定牵头单位的条目中常见的牵头单位")
        return "；".join(parts)


class LeadSuggester:
    """Learned once from examples (and the duty table); `suggest(text)` ranks department types."""

    def __init__(
        self,
        examples: Sequence[Example],
        duty_table: dict[str, dict[str, int]] | None = None,
        weights: dict[str, float] | None = None,
        neighbours: int = NEIGHBOURS,
    ):
        self.duty_table = DUTY_TABLE if duty_table is None else duty_table
        self.weights = dict(WEIGHTS if weights is None else weights)
        self.k = neighbours
        self.examples = list(examples)
        # Items are tokenised once per distinct text (a province repeats the same wording many times).
        by_text: dict[str, Counter[str]] = {}
        docs = []
        for e in self.examples:
            if e.text not in by_text:
                by_text[e.text] = Counter(tokens(e.text))
            docs.append(by_text[e.text])
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(doc.keys())
        n = len(docs)
        self._idf = {w: math.log((1 + n) / (1 + c)) + 1 for w, c in df.items()}
        # Distinct unit vectors (already divided by their norms), each with the examples that have it
        # in example order, and an inverted index: term → (distinct vector, weight), so that a query
        # only touches the vectors sharing one of its terms.
        self._unique: list[dict[str, float]] = []
        self._members: list[list[int]] = []
        self._vector_of: list[int] = []
        seen: dict[tuple[tuple[str, float], ...], int] = {}
        for index, doc in enumerate(docs):
            vec = self._vector(doc)
            key = tuple(sorted(vec.items()))
            if key not in seen:
                seen[key] = len(self._unique)
                self._unique.append(vec)
                self._members.append([])
            self._members[seen[key]].append(index)
            self._vector_of.append(seen[key])
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for number, vec in enumerate(self._unique):
            for w, v in vec.items():
                self._postings[w].append((number, v))
        self._postings = dict(self._postings)
        self._first = [members[0] for members in self._members]
        # The duty keywords in the order `duty_scores` tries them, normalised once.
        self._duty_words = {
            code: [
                (word, weight, normalise_name(word))
                for word, weight in sorted(keywords.items(), key=lambda kv: (-kv[1], -len(kv[0])))
            ]
            for code, keywords in self.duty_table.items()
            if not is_collective(code)
        }
        counts: Counter[str] = Counter()
        for e in self.examples:
            counts.update(e.lead_types)
        total = sum(counts.values())
        self._prior = {t: c / total for t, c in counts.items()} if total else {}

    def _vector(self, doc: Counter[str]) -> dict[str, float]:
        vec = {w: (1 + math.log(c)) * self._idf.get(w, 0.0) for w, c in doc.items()}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        return {w: v / norm for w, v in vec.items() if v} if norm else {}

    @property
    def stats(self) -> dict[str, int]:
        """Size of the learned model: examples, distinct vectors, vocabulary, postings."""
        return {
            "examples": len(self.examples),
            "vectors": len(self._unique),
            "terms": len(self._postings),
            "postings": sum(len(p) for p in self._postings.values()),
        }

    # ----------------------------------------------------------------------------- evidence

    def duty_scores(self, text: str) -> tuple[dict[str, float], dict[str, list[str]]]:
        """Per type: the summed weights of its duty keywords found in the text, and which matched."""
        key = normalise_name(text)
        scores: dict[str, float] = defaultdict(float)
        matched: dict[str, list[str]] = defaultdict(list)
        for code, words in self._duty_words.items():
            for word, weight, normalised in words:
                if normalised in key:
                    scores[code] += weight
                    matched[code].append(word)
        return dict(scores), dict(matched)

    def similar(self, text: str, exclude: Hashable | None = None) -> list[tuple[Example, float]]:
        """The k most similar examples (cosine ≥ MIN_SIMILARITY), best first; ties in example order.

        Uses the inverted index: only vectors sharing a term with the text are scored, each once for all
        the examples that have it. The sums run over the query's terms in the same order as comparing
        with every example would (tests/supervision/test_suggest_index.py), so the similarities are the
        same floats and the ranking is the same.
        """
        query = self._vector(Counter(tokens(text)))
        if not query:
            return []
        scores: dict[int, float] = {}
        get = scores.get
        for w, v in query.items():
            for number, weight in self._postings.get(w, ()):
                scores[number] = get(number, 0.0) + v * weight
        # (−similarity, first example, vector): tuples compare in C, best first, ties in example order.
        first = self._first
        candidates = [
            (-sim, first[number], number) for number, sim in scores.items() if sim >= MIN_SIMILARITY
        ]
        wanted = self.k + 1
        while True:
            top = [(number, -negative) for negative, _, number in heapq.nsmallest(wanted, candidates)]
            found = self._expand(top, exclude)
            if len(top) == len(candidates) or (len(found) == self.k and found[-1][1] > top[-1][1]):
                return found
            # The k-th example may tie with vectors not drawn yet (or too many were excluded): draw more.
            wanted *= 4

    def _expand(self, top: list[tuple[int, float]], exclude: Hashable | None) -> list[tuple[Example, float]]:
        """The first k examples of vectors ranked best first; equal similarities merged in example order."""
        found: list[tuple[Example, float]] = []
        i = 0
        while i < len(top) and len(found) < self.k:
            sim = top[i][1]
            j = i + 1
            while j < len(top) and top[j][1] == sim:
                j += 1
            group = [self._members[number] for number, _ in top[i:j]]
            for index in group[0] if len(group) == 1 else heapq.merge(*group):
                ex = self.examples[index]
                if exclude is not None and ex.id == exclude:
                    continue
                found.append((ex, sim))
                if len(found) == self.k:
                    break
            i = j
        return found

    @staticmethod
    def mentions(text: str) -> dict[str, list[str]]:
        """Departments the text names: type → the names as written."""
        found: dict[str, list[str]] = defaultdict(list)
        for match in _MENTION.finditer(normalise_name(text)):
            code = department_type(match.group(0))
            name = _shortest_name(match.group(0), code)
            if code and not is_collective(code) and name not in found[code]:
                found[code].append(name)
        return dict(found)

    # ----------------------------------------------------------------------------- ranking

    def suggest(self, text: str, limit: int = 3, exclude: Hashable | None = None) -> list[Suggestion]:
        """The `limit` most likely lead department types for a task text, best first."""
        text = strip_assignment(text)
        duty, matched = self.duty_scores(text)
        neighbours = self.similar(text, exclude)
        knn: dict[str, float] = defaultdict(float)
        by_type: dict[str, list[Neighbour]] = defaultdict(list)
        for ex, sim in neighbours:
            for code in ex.lead_types:
                knn[code] += sim
                by_type[code].append(Neighbour(ex.id, ex.title, round(sim, 3)))
        mentioned = self.mentions(text)
        components = {
            "duty": _normalised(duty),
            "similar": _normalised(knn),
            "mention": _normalised({code: float(len(names)) for code, names in mentioned.items()}),
            "prior": dict(self._prior),
        }
        live = {name: w for name, w in self.weights.items() if components.get(name) and w > 0}
        total_weight = sum(live.values())
        if not total_weight:
            return []
        mixed: dict[str, float] = defaultdict(float)
        for name, weight in live.items():
            for code, p in components[name].items():
                mixed[code] += weight / total_weight * p
        ranked = sorted(mixed.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [
            Suggestion(
                type=code,
                confidence=round(score, 3),
                keywords=matched.get(code, []),
                neighbours=by_type.get(code, []),
                mentions=mentioned.get(code, []),
                from_prior=code in self._prior,
            )
            for code, score in ranked
        ]


def _shortest_name(name: str, code: str | None) -> str:
    """The name from where its department word starts, with the level word before it (…报县司法局 → 县司法局)."""
    match = BY_CODE[code].pattern.search(name) if code in BY_CODE else None
    if match is None:
        return name
    start = match.start()
    if start > 0 and name[start - 1] in "省市县区州旗":
        start -= 1
    return name[start:]


def _normalised(scores: dict[str, float]) -> dict[str, float]:
    total = sum(v for v in scores.values() if v > 0)
    return {k: v / total for k, v in scores.items() if v > 0} if total else {}
