"""Business verbs of plan import: stage an upload, correct it, map unit names, confirm or discard.

Every function runs in one transaction and writes one operation-log row; the views, the API and the
demo loader call these and nothing else to change plan data.
"""

from __future__ import annotations

import datetime
import os
import tempfile
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from fazhi.core import oplog
from fazhi.core.models import Level, Unit, User
from fazhi.core.scopes import user_sees_unit
from fazhi.plans import staging as ops
from fazhi.plans.models import Plan, PlanImport, PlanItem, PlanItemUnit, UnitNameMapping
from fazhi.plans.resolve import ROLE_FIELDS, UnitResolver, names_in

UPLOAD_SUFFIXES = (".txt", ".docx", ".html", ".htm", ".pdf")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PLAN_LEVELS = {value for value, _ in Level.choices} | {"unknown"}


# ---------------------------------------------------------------------------------------------- choices

def jurisdiction_choices(user: User) -> QuerySet:
    """The regions a user may import plans for: every region inside their data scope."""
    return Unit.objects.for_user(user).filter(kind=Unit.Kind.REGION, is_active=True)


def default_jurisdiction(user: User) -> Unit | None:
    return user.unit.jurisdiction() if user.unit_id else None


def _ancestor_paths(unit: Unit) -> list[str]:
    return [unit.path[: i * Unit.steplen] for i in range(1, unit.depth + 1)]


def upper_plan_choices(user: User, jurisdiction: Unit | None = None) -> QuerySet:
    """Current plans a new plan may implement: those in the user's scope and those of the regions above.

    A county implements its province's plan even though the province's data is outside its scope, so
    plans of ancestor regions are offered by title (their content stays behind the scope check).
    """
    regions = jurisdiction or default_jurisdiction(user)
    above = Q(jurisdiction__path__in=_ancestor_paths(regions)) if regions else Q(pk__in=[])
    visible = Plan.objects.for_user(user).values("pk")
    return Plan.objects.filter(above | Q(pk__in=visible), superseded_by__isnull=True).select_related("jurisdiction")


def revisable_plans(user: User) -> QuerySet:
    return Plan.objects.for_user(user).filter(superseded_by__isnull=True).select_related("jurisdiction")


def _check_links(actor: User | None, jurisdiction: Unit, upper_plan: Plan | None, revises: Plan | None) -> None:
    if jurisdiction.kind != Unit.Kind.REGION:
        raise ValidationError("所属行政区必须是行政区（省、市、县、乡镇）")
    if actor is not None and not user_sees_unit(actor, jurisdiction):
        raise ValidationError(f"“{jurisdiction.name}”不在您的数据范围内")
    if upper_plan is not None:
        allowed = upper_plan_choices(actor, jurisdiction) if actor is not None else Plan.objects.all()
        if not allowed.filter(pk=upper_plan.pk).exists():
            raise ValidationError("所选上级方案不可用：只能选择本行政区或上级行政区的现行方案")
    if revises is not None:
        if revises.jurisdiction_id != jurisdiction.pk:
            raise ValidationError("修订的方案必须属于同一行政区")
        if not revises.is_current:
            raise ValidationError(f"“{revises.title}”已被新版本取代，请选择它的最新版本")


# ---------------------------------------------------------------------------------------------- staging

def read_upload(upload) -> str:
    """The text of an uploaded txt/docx/html/pdf, or ValidationError with the engine's Chinese message."""
    from fazhi.plans import extract

    name = upload.name or ""
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise ValidationError(f"不支持的文件类型“{suffix or name}”：请上传 txt、docx、html 或 pdf 文件")
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(f"文件太大（{upload.size // 1024 // 1024} MB）：不能超过 20 MB")
    # The engine reads paths (it picks the reader by suffix), so the upload goes to a temporary file.
    with tempfile.TemporaryDirectory() as folder:
        # Named as uploaded, so the engine's message names the user's file.
        path = os.path.join(folder, os.path.basename(name.replace("\\", "/"))[-120:] or f"upload{suffix}")
        with open(path, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            text = extract.read_document(path, settings.FAZHI_ARCHIVE_LIMITS)
        except extract.PlanReadError as exc:
            raise ValidationError(str(exc)) from None
    upload.seek(0)
    return text


def parse(text: str, source: str | None = None) -> dict:
    from fazhi.core.archives import ArchiveRefused, check_text
    from fazhi.plans import extract

    if not (text or "").strip():
        raise ValidationError("没有可识别的内容：请上传文件或粘贴方案全文")
    try:
        check_text(text, settings.FAZHI_ARCHIVE_LIMITS)  # pasted text has the same bound as a file's
    except ArchiveRefused as exc:
        raise ValidationError(f"粘贴的{exc}") from None
    try:
        return extract.parse_text(text, source=source)
    except extract.PlanReadError as exc:
        raise ValidationError(str(exc)) from None


def stage_upload(
    actor: User | None,
    *,
    jurisdiction: Unit,
    upload=None,
    text: str = "",
    upper_plan: Plan | None = None,
    revises: Plan | None = None,
) -> PlanImport:
    """Read and extract an uploaded file (or pasted text) and keep the result for checking."""
    if upload is None and not (text or "").strip():
        raise ValidationError("请上传方案文件或粘贴方案全文")
    if upload is not None and (text or "").strip():
        raise ValidationError("请只选择一种方式：上传文件或粘贴全文")
    source_name = upload.name if upload is not None else ""
    if upload is not None:
        text = read_upload(upload)
    extraction = parse(text, source_name or None)
    return stage_extraction(
        actor, jurisdiction=jurisdiction, extraction=extraction, source_name=source_name, source_text=text,
        upload=upload, upper_plan=upper_plan, revises=revises,
    )


@transaction.atomic
def stage_extraction(
    actor: User | None,
    *,
    jurisdiction: Unit,
    extraction: dict,
    source_name: str = "",
    source_text: str = "",
    upload=None,
    upper_plan: Plan | None = None,
    revises: Plan | None = None,
) -> PlanImport:
    """Keep an extraction (`fazhi.plan/1`) as a pending import. Also the entry point for tests and the demo."""
    if not extraction.get("items"):
        from fazhi.plans.extract import NO_ITEMS

        raise ValidationError(NO_ITEMS)
    if revises is None and extraction.get("title"):
        revises = Plan.objects.filter(
            jurisdiction=jurisdiction, title=extraction["title"], superseded_by__isnull=True
        ).first()
    _check_links(actor, jurisdiction, upper_plan, revises)
    document, next_key = ops.keyed(extraction)
    left: list[str] = []
    if revises is not None:
        # Names the office already chose to leave unresolved in the version being revised stay so.
        followed = set(PlanItemUnit.objects.filter(item__plan=revises, unit__isnull=True, is_collective=False)
                       .values_list("name", flat=True))
        left = [name for name in names_in(document) if name in followed]
    staging = PlanImport(
        jurisdiction=jurisdiction, upper_plan=upper_plan, revises=revises, source_name=source_name[:255],
        source_text=source_text, extraction=extraction, document=document, next_key=next_key, created_by=actor,
        left_unresolved=left,
    )
    if upload is not None:
        staging.source_file.save(os.path.basename(upload.name), upload, save=False)
    staging.save()
    oplog.record(actor, "plan_import.create", staging, after={
        "jurisdiction": jurisdiction.name, "source": source_name, "title": document.get("title"),
        "items": len(document["items"]), "revises": revises.pk if revises else None,
    })
    return staging


def _locked_pending(staging: PlanImport) -> PlanImport:
    locked = PlanImport.objects.select_for_update().get(pk=staging.pk)
    if not locked.is_pending:
        raise ValidationError(f"该导入{locked.get_status_display()}，不能再修改")
    return locked


@transaction.atomic
def _edit(actor: User | None, staging: PlanImport, action: str, change: Callable[[dict], dict], **logged) -> PlanImport:
    """Apply one correction to the working copy under a row lock and log it."""
    staging = _locked_pending(staging)
    staging.document = change(staging.document)
    staging.save(update_fields=["document", "next_key", "updated_at"])
    oplog.record(actor, f"plan_import.{action}", staging, after=logged)
    return staging


def update_fields(actor: User | None, staging: PlanImport, **changes: Any) -> PlanImport:
    return _edit(actor, staging, "fields", lambda d: ops.set_fields(d, changes), **changes)


def edit_item(actor: User | None, staging: PlanImport, key: int, *, title: str | None, text: str) -> PlanImport:
    return _edit(actor, staging, "edit_item", lambda d: ops.edit_item(d, key, title=title, text=text),
                 key=key, title=title, text=text)


def add_unit(actor: User | None, staging: PlanImport, key: int, role: str, name: str) -> PlanImport:
    return _edit(actor, staging, "add_unit", lambda d: ops.add_unit(d, key, role, name), key=key, role=role, name=name)


def remove_unit(actor: User | None, staging: PlanImport, key: int, role: str, name: str) -> PlanImport:
    return _edit(actor, staging, "remove_unit", lambda d: ops.remove_unit(d, key, role, name),
                 key=key, role=role, name=name)


def correct_deadline(actor: User | None, staging: PlanImport, key: int, index: int, value: str) -> PlanImport:
    return _edit(actor, staging, "correct_deadline", lambda d: ops.correct_deadline(d, key, index, value),
                 key=key, index=index, value=value)


@transaction.atomic
def split_item(actor: User | None, staging: PlanImport, key: int, at: int, label: str) -> PlanImport:
    staging = _locked_pending(staging)
    staging.document = ops.split_item(staging.document, key, at, label, staging.next_key)
    staging.next_key += 1
    staging.save(update_fields=["document", "next_key", "updated_at"])
    oplog.record(actor, "plan_import.split_item", staging, after={"key": key, "at": at, "label": label})
    return staging


def merge_item(actor: User | None, staging: PlanImport, key: int) -> PlanImport:
    return _edit(actor, staging, "merge_item", lambda d: ops.merge_into_previous(d, key), key=key)


@transaction.atomic
def set_links(actor: User | None, staging: PlanImport, *, upper_plan: Plan | None, revises: Plan | None) -> PlanImport:
    """Choose the upper-level plan this one implements and the plan it revises (if any)."""
    staging = _locked_pending(staging)
    _check_links(actor, staging.jurisdiction, upper_plan, revises)
    before = {"upper_plan": staging.upper_plan_id, "revises": staging.revises_id}
    staging.upper_plan, staging.revises = upper_plan, revises
    staging.save(update_fields=["upper_plan", "revises", "updated_at"])
    oplog.record(actor, "plan_import.links", staging, before=before,
                 after={"upper_plan": staging.upper_plan_id, "revises": staging.revises_id})
    return staging


@transaction.atomic
def leave_unresolved(actor: User | None, staging: PlanImport, name: str, leave: bool = True) -> PlanImport:
    """Mark a name the user deliberately leaves without a unit (it becomes a follow-up on the plan)."""
    staging = _locked_pending(staging)
    names = [n for n in staging.left_unresolved if n != name]
    if leave:
        if name not in names_in(staging.document):
            raise ValidationError(f"方案中没有单位名称“{name}”")
        names.append(name)
    staging.left_unresolved = names
    staging.save(update_fields=["left_unresolved", "updated_at"])
    oplog.record(actor, "plan_import.leave_unresolved" if leave else "plan_import.resolve_later",
                 staging, after={"name": name})
    return staging


@transaction.atomic
def map_unit_name(actor: User | None, jurisdiction: Unit, name: str, unit: Unit | None) -> UnitNameMapping:
    """Remember that `name` means `unit` in this jurisdiction (no unit = a collective name)."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("单位名称不能为空")
    if unit is not None and not unit.path.startswith(jurisdiction.path):
        raise ValidationError(f"“{unit.name}”不属于{jurisdiction.name}，不能作为该名称的对应单位")
    if actor is not None and not user_sees_unit(actor, jurisdiction):
        raise ValidationError(f"“{jurisdiction.name}”不在您的数据范围内")
    mapping = UnitNameMapping.objects.select_for_update().filter(jurisdiction=jurisdiction, name=name).first()
    before = {"unit": mapping.unit_id} if mapping else None
    if mapping is None:
        mapping = UnitNameMapping(jurisdiction=jurisdiction, name=name, created_by=actor)
    mapping.unit = unit
    mapping.save()
    oplog.record(actor, "plans.map_unit_name", mapping, before=before,
                 after={"jurisdiction": jurisdiction.name, "name": name, "unit": unit.name if unit else "集合称谓"},
                 object_repr=name)
    return mapping


@transaction.atomic
def discard_import(actor: User | None, staging: PlanImport, reason: str = "") -> PlanImport:
    staging = _locked_pending(staging)
    staging.status = PlanImport.Status.DISCARDED
    staging.save(update_fields=["status", "updated_at"])
    oplog.record(actor, "plan_import.discard", staging, reason=reason)
    return staging


# ---------------------------------------------------------------------------------------------- confirm

def open_names(staging: PlanImport, resolver: UnitResolver | None = None) -> list[str]:
    """Names that resolve to nothing and that the user has not chosen to leave unresolved."""
    resolver = resolver or UnitResolver(staging.jurisdiction)
    left = set(staging.left_unresolved)
    return [n for n in names_in(staging.document) if resolver.resolve(n).is_unresolved and n not in left]


def _plan_fields(document: dict) -> dict:
    title = (document.get("title") or "").strip()
    if not title:
        raise ValidationError("方案标题不能为空，请在“基本信息”中填写")
    if len(title) > 300:
        raise ValidationError("方案标题不能超过 300 个字")
    issued_on = None
    if document.get("issued_on"):
        try:
            issued_on = datetime.date.fromisoformat(document["issued_on"])
        except ValueError:
            raise ValidationError(f"成文日期“{document['issued_on']}”无效") from None
    period = document.get("period") or {}
    level = document.get("level") if document.get("level") in PLAN_LEVELS else "unknown"
    return {
        "title": title, "issuer": "、".join(document.get("issuer") or [])[:300],
        "doc_number": (document.get("doc_number") or "")[:100], "issued_on": issued_on, "level": level,
        "period_start": period.get("start"), "period_end": period.get("end"),
    }


@transaction.atomic
def confirm_import(actor: User | None, staging: PlanImport) -> Plan:
    """Turn a checked import into a Plan with its item tree and named units, all or nothing."""
    staging = _locked_pending(staging)
    resolver = UnitResolver(staging.jurisdiction)
    unresolved = open_names(staging, resolver)
    if unresolved:
        raise ValidationError(
            f"还有 {len(unresolved)} 个单位名称未解析：{'、'.join(unresolved)}。"
            "请为它们选择对应单位，或明确标记为“暂不解析”后再确认"
        )
    revises = None
    if staging.revises_id:
        revises = Plan.objects.select_for_update().get(pk=staging.revises_id)
        if not revises.is_current:
            raise ValidationError(f"“{revises.title}”已被新版本取代，请重新选择修订的方案")
    document = staging.document
    plan = Plan.objects.create(
        jurisdiction=staging.jurisdiction, upper_plan=staging.upper_plan, supersedes=revises,
        source_name=staging.source_name, source_file=staging.source_file.name or "",
        extraction=ops.without_keys(document), created_by=actor, **_plan_fields(document),
    )
    entries = document["items"]
    items = PlanItem.objects.bulk_create([
        PlanItem(
            plan=plan, order=order, path=entry["path"], label=str(entry["path"][-1])[:20],
            implicit=bool(entry.get("implicit")), title=(entry.get("title") or "")[:300], text=entry.get("text", ""),
            deadlines=entry.get("deadlines", []), targets=entry.get("targets", []),
        )
        for order, entry in enumerate(entries, start=1)
    ])
    for item, parent in zip(items, ops.parent_indexes(entries), strict=True):
        item.parent = items[parent] if parent is not None else None
    PlanItem.objects.bulk_update([i for i in items if i.parent is not None], ["parent"])
    named = []
    for item, entry in zip(items, entries, strict=True):
        for role, field in ROLE_FIELDS.items():
            for name in entry.get(field, []):
                resolution = resolver.resolve(name)
                named.append(PlanItemUnit(item=item, role=role, name=name[:100], unit=resolution.unit,
                                          is_collective=resolution.is_collective))
    PlanItemUnit.objects.bulk_create(named)
    staging.status, staging.plan = PlanImport.Status.CONFIRMED, plan
    staging.save(update_fields=["status", "plan", "updated_at"])
    after = oplog.snapshot(plan, ["title", "jurisdiction", "doc_number", "issued_on", "level", "upper_plan",
                                  "supersedes"])
    after.update(items=len(items), units=len(named), import_id=staging.pk,
                 unresolved=[n.name for n in named if n.needs_follow_up])
    oplog.record(actor, "plan.confirm", plan, after=after)
    return plan
