"""Lead-unit suggestion (牵头单位建议) for tasks whose plan names no units. Pure Python: no Django.

`LeadSuggester(examples).suggest(text)` ranks department types (`departments.DEPARTMENT_TYPES`) from
the curated duty table (`duties.DUTY_TABLE`) and items whose lead units are known; the supervision app
maps a type to the real units of a plan's jurisdiction (`fazhi.supervision.suggest_services`).
"""

from fazhi.supervision.suggest.departments import DEPARTMENT_TYPES, department_type, is_collective, label
from fazhi.supervision.suggest.duties import DUTY_TABLE
from fazhi.supervision.suggest.engine import (
    Example,
    LeadSuggester,
    Neighbour,
    Suggestion,
    example,
    strip_assignment,
    tokens,
)

__all__ = [
    "DEPARTMENT_TYPES",
    "DUTY_TABLE",
    "Example",
    "LeadSuggester",
    "Neighbour",
    "Suggestion",
    "department_type",
    "example",
    "is_collective",
    "label",
    "strip_assignment",
    "tokens",
]
