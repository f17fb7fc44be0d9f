"""Cross-level alignment engine (上下级方案对接), pure Python: which upper-level plan items each item of a
lower-level plan implements, suggested by text similarity for staff to confirm or reject.

    from fazhi.plans.align import Item, suggest
    suggestions = suggest(lower_items, upper_items, top_k=3, threshold=0.10)

Imports nothing from Django: `fazhi.plans.align_services` feeds it PlanItems and stores the answers.
"""

from fazhi.plans.align.engine import (
    DEFAULT_THRESHOLD,
    DEFAULT_TOP_K,
    GENERAL_SECTIONS,
    Aligner,
    Candidate,
    Item,
    SectionCoverage,
    Suggestion,
    Weights,
    coverage,
    document_items,
    outline_items,
    shortlist,
    suggest,
)
from fazhi.plans.align.text import STOP_WORDS, bigrams, clean, words

__all__ = [
    "DEFAULT_THRESHOLD",
    "DEFAULT_TOP_K",
    "GENERAL_SECTIONS",
    "STOP_WORDS",
    "Aligner",
    "Candidate",
    "Item",
    "SectionCoverage",
    "Suggestion",
    "Weights",
    "bigrams",
    "clean",
    "coverage",
    "document_items",
    "outline_items",
    "shortlist",
    "suggest",
    "words",
]
