"""The registry of Word 文书 and the filling of a template (see the package docstring)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

_REGISTRY: dict[str, WordTemplateSpec] = {}


@dataclass(frozen=True)
class WordTemplateSpec:
    code: str  # "supervision.order_notice"
    label: str  # 督办通知单
    default_path: Path
    placeholders: dict[str, str]  # name → what it holds (shown on the settings page)
    sample: dict[str, Any] = field(default_factory=dict)  # values to try an upload with

    def sample_context(self) -> dict[str, Any]:
        """Every placeholder with a value, so a template that uses them can be filled before it is accepted."""
        return {**{name: f"示例{text[:8]}" for name, text in self.placeholders.items()}, **self.sample}

    @property
    def filename(self) -> str:
        return f"{self.label}模板.docx"


def register(code: str, label: str, default_path: str | Path, placeholders: dict[str, str], *,
             sample: dict[str, Any] | None = None) -> WordTemplateSpec:
    """Declare a 文书 (once, at import of the module that produces it; registering again replaces it)."""
    spec = WordTemplateSpec(code, label, Path(default_path), dict(placeholders), dict(sample or {}))
    _REGISTRY[code] = spec
    return spec


def _load_declarations() -> None:
    # Modules register their 文书 from their module.py; gathering the modules imports them all.
    from fazhi.core.modules import all_modules

    all_modules()


def registered() -> list[WordTemplateSpec]:
    """Every registered 文书, by label."""
    _load_declarations()
    return sorted(_REGISTRY.values(), key=lambda spec: (spec.code.split(".")[0], spec.label))


def get(code: str) -> WordTemplateSpec:
    if code not in _REGISTRY:
        _load_declarations()
    try:
        return _REGISTRY[code]
    except KeyError:
        raise KeyError(f"未登记的文书模板：{code}") from None


def effective_upload(code: str, unit):
    """The upload in force for `unit`: the nearest jurisdiction's at or above it, else the platform-wide one."""
    from django.db.models import Q

    from fazhi.core.wordtemplates.models import WordTemplate

    paths = [] if unit is None else [unit.path[: i * unit.steplen] for i in range(1, unit.depth + 1)]
    rows = (WordTemplate.objects.filter(code=code)
            .filter(Q(jurisdiction__path__in=paths) | Q(jurisdiction__isnull=True)).select_related("jurisdiction"))
    return max(rows, key=lambda row: row.jurisdiction.depth if row.jurisdiction_id else 0, default=None)


def fill(template: str | Path | IO[bytes], context: dict[str, Any]) -> bytes:
    """Fill a .docx template; values are escaped, so "&" or "<" in a text cannot break the file."""
    from docxtpl import DocxTemplate

    document = DocxTemplate(template)
    document.render(context, autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render(code: str, unit, context: dict[str, Any]) -> bytes:
    """The 文书 `code` for a case of `unit`, filled with `context`, in the template in force for the unit."""
    spec = get(code)
    row = effective_upload(code, unit)
    if row is None:
        return fill(spec.default_path, context)
    with row.file.open("rb") as handle:
        return fill(handle, context)
