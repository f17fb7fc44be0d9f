"""Progress reports (进展报送) and their evidence: a unit drafts and submits, the office accepts (closing
the milestone) or returns with comments."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from fazhi.core import attachments, oplog
from fazhi.core import capabilities as cap
from fazhi.core.models import Unit, User
from fazhi.core.uploads import DOCUMENT_TYPES, check_upload
from fazhi.supervision import workflows
from fazhi.supervision.models import (
    Evidence,
    Milestone,
    ProgressReport,
)
from fazhi.supervision.services.common import require
from fazhi.workflow import engine

ALLOWED_EVIDENCE = DOCUMENT_TYPES


def validate_evidence_file(upload) -> str:
    """Refuse a file not of the accepted document types (core.uploads.DOCUMENT_TYPES) or whose bytes do not
    match its extension, or over the size limit; returns the extension."""
    return check_upload(upload, ALLOWED_EVIDENCE, max_bytes=settings.FAZHI_EVIDENCE_MAX_BYTES, what="佐证材料")


def validate_evidence_url(url: str) -> str:
    """An evidence link is checked as any attachment link is (the kernel's one rule)."""
    return attachments.clean_url(url)


def _require_own_unit(actor: User | None, unit: Unit) -> None:
    """A report is the unit's own word: only its users write it (the office reviews, it does not report)."""
    if actor is None:
        return
    require(actor, cap.REPORT_PROGRESS)
    if actor.unit_id != unit.pk:
        raise PermissionDenied(f"只有“{unit.name}”的填报人员可以填写该单位的进展报告")


def _locked_report(report: ProgressReport) -> ProgressReport:
    return ProgressReport.objects.select_for_update().select_related("milestone__task__plan", "unit").get(pk=report.pk)


def _clean_report_fields(text: str, percent: int | str, completed: bool) -> tuple[str, int, bool]:
    text = (text or "").strip()
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        raise ValidationError("完成进度须为 0 到 100 的整数") from None
    if not 0 <= percent <= 100:
        raise ValidationError("完成进度须为 0 到 100 的整数")
    if completed and percent < 100:
        percent = 100  # "已完成" means the whole milestone is done
    return text, percent, bool(completed)


REPORT_FIELDS = ["text", "percent", "completed", "state"]


@transaction.atomic
def save_report(
    actor: User | None,
    milestone: Milestone,
    *,
    text: str,
    percent: int | str = 0,
    completed: bool = False,
    report: ProgressReport | None = None,
    files: Iterable = (),
    links: Iterable[str] = (),
) -> ProgressReport:
    """Save a draft (new, or an existing draft / returned report) with its evidence; nothing if one file is bad."""
    milestone = Milestone.objects.select_for_update().select_related("unit").get(pk=milestone.pk)
    _require_own_unit(actor, milestone.unit)
    text, percent, completed = _clean_report_fields(text, percent, completed)
    if report is None:
        if not milestone.is_open:
            raise ValidationError(f"该节点{milestone.get_state_display()}，不能再报送进展")
        if milestone.reports.filter(state=ProgressReport.State.SUBMITTED).exists():
            raise ValidationError("该节点已有待审核的进展报告，请等待审核结果")
        if milestone.reports.filter(state__in=[ProgressReport.State.DRAFT, ProgressReport.State.RETURNED]).exists():
            raise ValidationError("该节点已有未报送的进展报告，请继续编辑它")
        report = ProgressReport.objects.create(
            milestone=milestone, unit=milestone.unit, author=actor if getattr(actor, "pk", None) else None,
            text=text, percent=percent, completed=completed,
        )
        before = None
    else:
        report = _locked_report(report)
        if report.milestone_id != milestone.pk:
            raise ValidationError("报告与时间节点不对应")
        if not report.editable:
            raise ValidationError(f"报告{report.get_state_display()}，不能修改")
        before = oplog.snapshot(report, REPORT_FIELDS)
        report.text, report.percent, report.completed = text, percent, completed
        report.save()
    files, links = list(files), [validate_evidence_url(u) for u in links if u and u.strip()]
    for upload in files:
        _store_evidence_file(actor, report, upload)
    for url in links:
        Evidence.objects.create(report=report, kind=Evidence.Kind.LINK, token=secrets.token_hex(16), url=url,
                                uploaded_by=actor if getattr(actor, "pk", None) else None)
    oplog.record(actor, "supervision.report_save", report, before=before,
                 after={**oplog.snapshot(report, REPORT_FIELDS), "files": len(files), "links": len(links)})
    return report


def _store_evidence_file(actor, report: ProgressReport, upload) -> Evidence:
    extension = validate_evidence_file(upload)
    evidence = Evidence(
        report=report, kind=Evidence.Kind.FILE, token=secrets.token_hex(16), extension=extension,
        original_name=PurePath(upload.name).name[:255], content_type=ALLOWED_EVIDENCE[extension][0],
        size=upload.size, uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    evidence.file.save(f"{evidence.token}{extension}", upload, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def remove_evidence(actor: User | None, evidence: Evidence) -> None:
    report = _locked_report(evidence.report)
    _require_own_unit(actor, report.unit)
    if not report.editable:
        raise ValidationError(f"报告{report.get_state_display()}，不能删除佐证材料")
    oplog.record(actor, "supervision.evidence_remove", report, before={"evidence": str(evidence)})
    evidence.file.delete(save=False) if evidence.file else None
    evidence.delete()


def submit_report(actor: User | None, report: ProgressReport) -> ProgressReport:
    """Draft → submitted, or returned → submitted again (重新报送); the office is told."""
    code = "resubmit" if report.state == ProgressReport.State.RETURNED else "submit"
    return engine.run(actor, workflows.REPORT, report, code)


def accept_report(actor: User | None, report: ProgressReport, comment: str = "") -> ProgressReport:
    """Submitted → accepted. A report marked completed closes its milestone, on time or late."""
    return engine.run(actor, workflows.REPORT, report, "accept", {"reason": comment})


def return_report(actor: User | None, report: ProgressReport, comment: str) -> ProgressReport:
    """Submitted → returned with the office's comments; the unit edits and resubmits."""
    return engine.run(actor, workflows.REPORT, report, "return", {"reason": comment})
