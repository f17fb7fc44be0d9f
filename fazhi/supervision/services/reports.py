"""Progress reports (进展报送) and their evidence: a unit drafts and submits, the office accepts (closing
the milestone) or returns with comments."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fazhi.core import capabilities as cap
from fazhi.core import oplog
from fazhi.core.models import Unit, User
from fazhi.core.uploads import DOCUMENT_TYPES, check_upload
from fazhi.supervision.models import (
    Evidence,
    Milestone,
    ProgressReport,
)
from fazhi.supervision.services.common import (
    log_transition,
    notify,
    office_users,
    require,
    require_sees,
    state_label,
    unit_users,
)

ALLOWED_EVIDENCE = DOCUMENT_TYPES


def validate_evidence_file(upload) -> str:
    """Refuse a file not of the accepted document types (core.uploads.DOCUMENT_TYPES) or whose bytes do not
    match its extension, or over the size limit; returns the extension."""
    return check_upload(upload, ALLOWED_EVIDENCE, max_bytes=settings.FAZHI_EVIDENCE_MAX_BYTES, what="佐证材料")


def validate_evidence_url(url: str) -> str:
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(f"链接“{url[:80]}”不是有效的 http/https 网址") from None
    return url


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


@transaction.atomic
def submit_report(actor: User | None, report: ProgressReport) -> ProgressReport:
    """Draft or returned → submitted; the office is told."""
    report = _locked_report(report)
    _require_own_unit(actor, report.unit)
    if not report.editable:
        raise ValidationError(f"报告当前为“{report.get_state_display()}”，不能报送")
    if not report.milestone.is_open:
        raise ValidationError(f"该节点{report.milestone.get_state_display()}，不能再报送进展")
    if not report.text:
        raise ValidationError("请填写进展情况后再报送")
    if report.completed and not report.evidence.exists():
        raise ValidationError("报告已完成须附佐证材料（文件或链接）")
    before = report.state
    action = "resubmit" if before == ProgressReport.State.RETURNED else "submit"
    report.state, report.submitted_at = ProgressReport.State.SUBMITTED, timezone.now()
    report.save(update_fields=["state", "submitted_at", "updated_at"])
    log_transition(actor, action, before, report.state, report=report)
    oplog.record(actor, f"supervision.report_{action}", report, before={"state": before}, after={"state": report.state})
    task = report.milestone.task
    notify(
        office_users(task.plan.jurisdiction, report.unit),
        f"{report.unit.name}{'重新' if action == 'resubmit' else ''}报送了进展：{task.title}",
        f"节点：{report.milestone.label}；进度 {report.percent}%",
        reverse("supervision:review_queue"),
    )
    return report


def _require_reviewer(actor: User | None, report: ProgressReport) -> None:
    require(actor, cap.SUPERVISE)
    require_sees(actor, report.unit)
    if actor is not None and actor.unit_id == report.unit_id and not actor.is_superuser:
        raise PermissionDenied("不能审核本单位报送的进展")


@transaction.atomic
def accept_report(actor: User | None, report: ProgressReport, comment: str = "") -> ProgressReport:
    """Submitted → accepted. A report marked completed closes its milestone, on time or late."""
    report = _locked_report(report)
    _require_reviewer(actor, report)
    if report.state != ProgressReport.State.SUBMITTED:
        raise ValidationError(f"报告当前为“{report.get_state_display()}”，只有待审核的报告可以采纳")
    report.state, report.reviewed_at = ProgressReport.State.ACCEPTED, timezone.now()
    report.reviewed_by = actor if getattr(actor, "pk", None) else None
    report.review_comment = (comment or "").strip()
    report.save()
    log_transition(actor, "accept", ProgressReport.State.SUBMITTED, report.state, report.review_comment, report=report)
    milestone = Milestone.objects.select_for_update().get(pk=report.milestone_id)
    closed = ""
    # A milestone that needs N occurrences (每年至少开展2次) closes with its N-th accepted completed report.
    if report.completed and milestone.is_open and milestone.done_by_reports():
        done_on = timezone.localdate(report.submitted_at)
        outcome = Milestone.Outcome.ON_TIME if done_on <= milestone.due_on else Milestone.Outcome.LATE
        log_transition(actor, "close", milestone.state, Milestone.State.CLOSED,
                        f"采纳已完成的进展报告（{state_label(Milestone.Outcome, outcome)}）", milestone=milestone)
        milestone.state, milestone.outcome, milestone.completed_on = Milestone.State.CLOSED, outcome, done_on
        milestone.save(update_fields=["state", "outcome", "completed_on"])
        closed = outcome
    oplog.record(actor, "supervision.report_accept", report, before={"state": ProgressReport.State.SUBMITTED},
                 after={"state": report.state, "milestone_closed": closed}, reason=report.review_comment)
    notify(
        unit_users(report.unit), f"进展报告已采纳：{report.milestone.task.title}",
        f"节点：{report.milestone.label}" + ("；节点已办结" if closed else "") +
        (f"；意见：{report.review_comment}" if report.review_comment else ""),
        reverse("supervision:report_detail", args=[report.pk]),
    )
    return report


@transaction.atomic
def return_report(actor: User | None, report: ProgressReport, comment: str) -> ProgressReport:
    """Submitted → returned with the office's comments; the unit edits and resubmits."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("退回时须填写退回意见")
    report = _locked_report(report)
    _require_reviewer(actor, report)
    if report.state != ProgressReport.State.SUBMITTED:
        raise ValidationError(f"报告当前为“{report.get_state_display()}”，只有待审核的报告可以退回")
    report.state, report.reviewed_at, report.review_comment = ProgressReport.State.RETURNED, timezone.now(), comment
    report.reviewed_by = actor if getattr(actor, "pk", None) else None
    report.save()
    log_transition(actor, "return", ProgressReport.State.SUBMITTED, report.state, comment, report=report)
    oplog.record(actor, "supervision.report_return", report, before={"state": ProgressReport.State.SUBMITTED},
                 after={"state": report.state}, reason=comment)
    notify(
        unit_users(report.unit), f"进展报告被退回：{report.milestone.task.title}",
        f"节点：{report.milestone.label}；退回意见：{comment}",
        reverse("supervision:report_detail", args=[report.pk]),
    )
    return report
