"""Business verbs: an office uploads its own template of a 文书 for its jurisdiction, or goes back to the default."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core import capabilities as cap
from fazhi.core import oplog
from fazhi.core.models import Unit, User
from fazhi.core.permissions import require_jurisdiction_holder
from fazhi.core.wordtemplates.models import WordTemplate
from fazhi.core.wordtemplates.registry import fill, get

MAX_BYTES = 5 * 1024 * 1024


def _check_holder(actor: User | None, jurisdiction: Unit | None) -> None:
    """Templates are set per jurisdiction by its office (platform-wide only by a superuser), like time limits."""
    require_jurisdiction_holder(actor, cap.MANAGE_WORD_TEMPLATES, jurisdiction, "文书模板")


def _where(jurisdiction: Unit | None) -> str:
    return jurisdiction.name if jurisdiction else "全平台"


@transaction.atomic
def set_template(actor: User | None, code: str, jurisdiction: Unit | None, upload) -> WordTemplate:
    """Use an office's own template of 文书 `code` for its jurisdiction and every region below that sets none.

    The file must be a real .docx that can be filled with the registered placeholders; a template that
    cannot (a broken `{{ placeholder`, an unknown tag) is refused with the reason and the names it may use.
    """
    from fazhi.core.uploads import FILE_TYPES, check_upload

    spec = get(code)
    _check_holder(actor, jurisdiction)
    check_upload(upload, {".docx": FILE_TYPES[".docx"]}, max_bytes=MAX_BYTES, what="模板")
    try:
        fill(upload, spec.sample_context())
    except Exception as exc:  # docxtpl raises Jinja's and lxml's errors: all mean "cannot be filled"
        names = "、".join(spec.placeholders)
        example = next(iter(spec.placeholders), "name")
        raise ValidationError(
            f"模板“{upload.name}”无法填写（{type(exc).__name__}: {exc}）。占位符写法如 {{{{ {example} }}}}，可用：{names}"
        ) from None
    upload.seek(0)
    row = (WordTemplate.objects.select_for_update().filter(code=code, jurisdiction=jurisdiction).first()
           or WordTemplate(code=code, jurisdiction=jurisdiction))
    before = row.original_name
    row.original_name = str(upload.name)[:200]
    row.uploaded_by = actor if getattr(actor, "pk", None) else None
    row.file.save(upload.name, upload, save=False)
    row.save()
    oplog.record(actor, "wordtemplate.set", row, object_repr=f"{spec.label}（{_where(jurisdiction)}）",
                 before={"word_template": before}, after={"word_template": row.original_name})
    return row


@transaction.atomic
def reset_template(actor: User | None, code: str, jurisdiction: Unit | None) -> None:
    """Drop the jurisdiction's upload: the template of the region above (or the default) applies again."""
    spec = get(code)
    _check_holder(actor, jurisdiction)
    row = WordTemplate.objects.select_for_update().filter(code=code, jurisdiction=jurisdiction).first()
    if row is None:
        return
    oplog.record(actor, "wordtemplate.reset", row, object_repr=f"{spec.label}（{_where(jurisdiction)}）",
                 before={"word_template": row.original_name})
    row.delete()
