"""The operation log in Chinese: action codes, object types, field names and values as people read them.

Labels come from where they are declared: the modules' action codes and field labels (`module.py`,
gathered by `fazhi.core.modules`), a workflow's step names, and the models themselves (verbose names,
choice labels, related records by name). A code nobody declared is shown as it is, and the test
suite checks that every code written by a service is declared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models

from fazhi.core import modules


def action_label(code: str) -> str:
    return modules.action_labels().get(code, code)


def model_for(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    model = model_for(object_type)
    if model is not None:
        return str(model._meta.verbose_name)
    return modules.object_type_labels().get(object_type, object_type)


@dataclass(frozen=True)
class Change:
    key: str
    label: str
    before: str
    after: str


class ValueLabels:
    """Renders logged values; related records are looked up once per (model, id) and kept."""

    def __init__(self) -> None:
        self._related: dict[tuple[type, Any], str] = {}

    def field_label(self, model: type[models.Model] | None, key: str) -> str:
        field = _field(model, key)
        if field is not None and field.verbose_name and field.verbose_name != key.replace("_", " "):
            return str(field.verbose_name)
        return modules.field_labels().get(key, key)

    def value(self, model: type[models.Model] | None, key: str, value: Any, action: str = "") -> str:
        """`value` as logged under `key` on a record of `model` by the action code `action`."""
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, list):
            return "、".join(self.value(model, key, v, action) for v in value)
        if isinstance(value, dict):
            return "；".join(f"{self.field_label(model, k)}：{self.value(model, k, v, action)}" for k, v in value.items())
        referenced = modules.references().get(action, {}).get(key)
        if referenced is not None:
            return self._related_name(apps.get_model(referenced), value)
        field = _field(model, key)
        if field is not None and field.choices:
            return str(dict(field.flatchoices).get(value, value))
        declared = modules.value_labels().get(key)
        if declared and str(value) in declared:
            return declared[str(value)]
        if field is not None and field.is_relation and field.related_model is not None:
            return self._related_name(field.related_model, value)
        if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
            return value[:16].replace("T", " ")  # an ISO datetime: to the minute
        return str(value)

    def _related_name(self, model: type[models.Model], pk: Any) -> str:
        key = (model, pk)
        if key not in self._related:
            try:
                obj = model._default_manager.filter(pk=pk).first()
            except (ValueError, TypeError, ValidationError):  # logged by another key than the id (a role's code)
                obj = None
                self._related[key] = str(pk)
            else:
                self._related[key] = str(obj) if obj is not None else f"（已删除 #{pk}）"
        return self._related[key]

    def changes(self, log) -> list[Change]:
        model = model_for(log.object_type)
        return [Change(key, self.field_label(model, key), self.value(model, key, before, log.action),
                       self.value(model, key, after, log.action))
                for key, before, after in log.changes()]

    def summary(self, log, limit: int = 40) -> str:
        """The changes on one line: 状态：起草 → 征求意见；征求意见截止：— → 2024-03-15."""
        return "；".join(f"{c.label}：{_short(c.before, limit)} → {_short(c.after, limit)}" for c in self.changes(log))


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _field(model: type[models.Model] | None, key: str):
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    # A reverse relation (another model's foreign key to this one) has no label or choices of its own.
    return None if isinstance(field, models.ForeignObjectRel) else field
