"""Template helpers of the attachment partials (`core/_attachments.html`, `core/_attachment_form.html`)."""

from __future__ import annotations

from django import template

from fazhi.core import attachments
from fazhi.core.archives import megabytes
from fazhi.core.uploads import accept_attribute, kinds_text

register = template.Library()


@register.simple_tag
def attachments_for(owner, slot=None) -> list:
    """`{% attachments_for owner "evidence" as items %}`: the owner's attachments (of one slot)."""
    if owner is None or getattr(owner, "pk", None) is None:
        return []
    return list(attachments.attachments_of(owner, slot).select_related("uploaded_by"))


@register.simple_tag
def attachment_accept() -> str:
    return accept_attribute(attachments.ATTACHMENT_TYPES)


@register.simple_tag
def attachment_help() -> str:
    return f"支持 {kinds_text(attachments.ATTACHMENT_TYPES)}，单个文件不超过 {megabytes(attachments.max_bytes())}"
