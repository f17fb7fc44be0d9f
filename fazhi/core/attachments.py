"""The one attachment service: files and links on any record, checked once, downloaded through one scoped view.

A module attaches to its own records (the owner) in a named slot ("evidence", "reply", "正文" …) and
wraps these functions in its own verbs where it has rules of its own (who may add, until which state):

    attach_file(actor, owner, upload, slot="evidence")   # type, content and size checked (core.uploads)
    attach_link(actor, owner, url, slot="evidence")
    remove_attachment(actor, attachment)
    attachments_of(owner, slot="evidence")

Who may download a file (`core:attachment`): a signed-in user whose data scope covers the owner (the
owner model's scoped manager, or the record its `attachment_scope()` names) and, where the owner model
lists `attachment_capabilities`, who holds one of them; anyone, without an account, only when the owner
has `attachments_public()` and it returns True (for the attachment's slot, where the owner decides by slot).
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction

from fazhi.core import oplog
from fazhi.core.attachment_model import Attachment
from fazhi.core.permissions import has_capability
from fazhi.core.uploads import DOCUMENT_TYPES, check_upload

__all__ = [
    "ATTACHMENT_TYPES", "Attachment", "attach_file", "attach_link", "attachments_for_user", "attachments_of",
    "clean_url", "is_public",
    "max_bytes", "owner_visible_to", "remove_attachment",
]

ATTACHMENT_TYPES = DOCUMENT_TYPES  # the one list of accepted file types (core.uploads)


def max_bytes() -> int:
    """The size limit of one file (`FAZHI_EVIDENCE_MAX_MB`, 20 MB by default)."""
    return settings.FAZHI_EVIDENCE_MAX_BYTES


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _scope_record(owner: models.Model) -> models.Model:
    """The record whose data scope decides who sees the owner's attachments (a version → its document)."""
    scope = getattr(owner, "attachment_scope", None)
    return scope() if callable(scope) else owner


def owner_visible_to(user: Any, owner: models.Model) -> bool:
    """Does the user's data scope cover the owner? Read through the owner model's scoped manager."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    capabilities = getattr(type(owner), "attachment_capabilities", ())
    if capabilities and not any(has_capability(user, c) for c in capabilities):
        return False
    record = _scope_record(owner)
    queryset = type(record)._default_manager.all()
    if not hasattr(queryset, "for_user"):
        return bool(user.is_superuser)  # a model without a data scope: only the superuser
    return queryset.for_user(user).filter(pk=record.pk).exists()


def attachments_for_user(user: Any, owner_model: type[models.Model]) -> models.QuerySet:
    """The attachments on records of `owner_model` that the user's data scope covers (a module's own views
    find an attachment by its number among these)."""
    return Attachment.objects.filter(owner_type=ContentType.objects.get_for_model(owner_model),
                                     owner_id__in=owner_model._default_manager.for_user(user).values("pk"))


def is_public(owner: models.Model, slot: str | None = None) -> bool:
    """The owner says its attachments are public (a published document); anything else is not. An owner
    whose materials go public at different times by slot (a decision's draft during comment, its minutes
    never) sets `attachments_public_by_slot = True` and is asked about the attachment's slot."""
    public = getattr(owner, "attachments_public", None)
    if not callable(public):
        return False
    return bool(public(slot) if getattr(owner, "attachments_public_by_slot", False) else public())


def _require_sees(actor: Any, owner: models.Model) -> None:
    if actor is not None and not owner_visible_to(actor, owner):
        raise PermissionDenied("该记录不在您的数据范围内")


def attachments_of(owner: models.Model, slot: str | None = None) -> models.QuerySet:
    """The owner's attachments (of one slot, if given), oldest first."""
    found = Attachment.objects.filter(owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk)
    return found if slot is None else found.filter(slot=slot)


def _display_name(upload) -> str:
    """The original file name as shown and downloaded (Chinese kept), cut to fit with its extension kept."""
    name = PurePath(getattr(upload, "name", "") or "").name.strip() or "附件"
    limit = Attachment._meta.get_field("original_name").max_length
    if len(name) > limit:
        suffix = PurePath(name).suffix[:20]
        name = name[: limit - len(suffix)] + suffix
    return name


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def attach_file(actor: Any, owner: models.Model, upload, *, slot: str = "", title: str = "",
                what: str = "附件", log: bool = True) -> Attachment:
    """Store an uploaded file on the owner. Refused (in Chinese, naming the file) when its type is not
    accepted, its bytes do not match its extension, it is empty or too large; nothing is stored then.

    `what` names the kind of file in a refusal ("佐证材料只接受 …"); `log=False` when the module's own
    verb writes the operation log for the whole step.
    """
    _require_sees(actor, owner)
    extension = check_upload(upload, ATTACHMENT_TYPES, max_bytes=max_bytes(), what=what)
    attachment = Attachment(
        owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk, slot=slot,
        kind=Attachment.Kind.FILE, token=secrets.token_hex(16), extension=extension,
        original_name=_display_name(upload), content_type=ATTACHMENT_TYPES[extension][0], size=upload.size,
        sha256=_sha256(upload), title=(title or "").strip()[:200], uploaded_by=_user(actor),
    )
    attachment.file.save(f"{attachment.token}{extension}", upload, save=False)
    stored, storage = attachment.file.name, attachment.file.storage
    try:
        attachment.save()
        if log:
            oplog.record(actor, "attachment.add", owner, after={
                "attachment": attachment.pk, "name": attachment.original_name, "slot": slot, "size": upload.size,
            })
    except Exception:
        storage.delete(stored)
        raise
    return attachment


def clean_url(url: str) -> str:
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(f"链接“{url[:80]}”不是有效的 http/https 网址") from None
    return url


@transaction.atomic
def attach_link(actor: Any, owner: models.Model, url: str, *, slot: str = "", title: str = "",
                log: bool = True) -> Attachment:
    """Put a link (an http/https address) on the owner instead of a file."""
    _require_sees(actor, owner)
    url = clean_url(url)
    attachment = Attachment.objects.create(
        owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk, slot=slot,
        kind=Attachment.Kind.LINK, token=secrets.token_hex(16), url=url, title=(title or "").strip()[:200],
        uploaded_by=_user(actor),
    )
    if log:
        oplog.record(actor, "attachment.link", owner, after={"attachment": attachment.pk, "url": url, "slot": slot})
    return attachment


@transaction.atomic
def remove_attachment(actor: Any, attachment: Attachment, *, log: bool = True) -> None:
    """Delete the attachment; its file goes once the row is gone for good (after the commit)."""
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
    owner = attachment.owner
    if owner is not None:
        _require_sees(actor, owner)
    if log:
        oplog.record(actor, "attachment.remove", owner, before={
            "attachment": attachment.pk, "name": str(attachment), "slot": attachment.slot,
        })
    stored, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored) if stored else None)
