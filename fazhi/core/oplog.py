"""The operation log: every write names its actor, unit, action, object and the before/after values."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.db import models

from fazhi.core.context import current_request_meta


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj`, JSON-ready, for a before/after pair. Secrets are left out."""
    data = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password"}:
            continue
        data[field.name] = _json_value(getattr(obj, field.attname))
    return data


def record(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    object_type: str | None = None,
    object_repr: str | None = None,
):
    """Write one operation-log row, and count the write against its regions (`fazhi.core.writemarks`: the
    cached pages of the viewers who can see it are computed afresh). Call inside the service's transaction
    so all of it lands or none."""
    from fazhi.core.models import OperationLog
    from fazhi.core.writemarks import count_write

    meta = current_request_meta()
    actor_obj = actor if getattr(actor, "pk", None) else None
    unit = getattr(actor_obj, "unit", None) if actor_obj else None
    count_write(actor_obj, obj)
    return OperationLog.objects.create(
        actor=actor_obj,
        actor_name=(str(actor_obj) if actor_obj else (str(actor) if actor else "系统")),
        unit=unit,
        unit_name=unit.name if unit else "",
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(object_repr if object_repr is not None else str(obj) if obj is not None else "")[:200],
        before=_json_value(before) if before is not None else None,
        after=_json_value(after) if after is not None else None,
        reason=reason[:500],
        ip=meta.ip if meta else None,
    )
