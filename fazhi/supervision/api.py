"""/api/supervision/: tasks, milestones, progress reports and supervision orders.

The same capabilities and data scopes as the pages: a record outside the caller's scope is 404, a
missing capability 403, a refused transition 400 with the Chinese reason. Writes call `services`.
"""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from fazhi.core import capabilities as cap
from fazhi.core.api import call_service, require_capability
from fazhi.core.models import Unit
from fazhi.core.scopes import get_for_user_or_404
from fazhi.plans.models import Plan
from fazhi.supervision import services
from fazhi.supervision.models import (
    Milestone,
    MilestoneExtension,
    ProgressReport,
    SupervisionOrder,
    Task,
    TaskUnit,
)

router = Router(tags=["督查督办"])

READ = (cap.SUPERVISE, cap.REPORT_PROGRESS, cap.VIEW_DASHBOARD)




class TaskUnitOut(Schema):
    id: int
    unit_id: int
    unit: str
    role: str
    source: str
    via: str

    @staticmethod
    def resolve_unit(tu: TaskUnit) -> str:
        return tu.unit.name


class TaskOut(Schema):
    id: int
    plan_id: int
    item_id: int
    label: str
    title: str
    text: str
    owner_unit_id: int
    deadlines: list[dict]
    targets: list[dict]
    unresolved_names: list[str]
    units: list[TaskUnitOut]

    @staticmethod
    def resolve_units(task: Task) -> list:
        return getattr(task, "active_units", None) or list(
            task.units.filter(removed_at__isnull=True).select_related("unit")
        )


class MilestoneOut(Schema):
    id: int
    task_id: int
    task: str
    unit_id: int
    unit: str
    key: str
    kind: str
    label: str
    deadline_text: str
    due_on: datetime.date
    warn_on: datetime.date
    due_provisional: bool
    state: str
    outcome: str
    completed_on: datetime.date | None
    planned_due_on: datetime.date | None
    required_reports: int

    @staticmethod
    def resolve_task(m: Milestone) -> str:
        return str(m.task)

    @staticmethod
    def resolve_unit(m: Milestone) -> str:
        return m.unit.name


class EvidenceOut(Schema):
    id: int
    kind: str
    original_name: str
    size: int
    url: str
    download: str | None

    @staticmethod
    def resolve_download(e) -> str | None:
        from django.urls import reverse

        return reverse("core:attachment", args=[e.token]) if e.kind == "file" else None


class ReportOut(Schema):
    id: int
    milestone_id: int
    unit_id: int
    text: str
    percent: int
    completed: bool
    state: str
    submitted_at: datetime.datetime | None
    reviewed_at: datetime.datetime | None
    review_comment: str
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_evidence(r: ProgressReport) -> list:
        return list(r.evidence.all())


class ReportIn(Schema):
    text: str = ""
    percent: int = 0
    completed: bool = False
    links: list[str] = []
    submit: bool = False


class ReviewIn(Schema):
    comment: str = ""


class OrderOut(Schema):
    id: int
    number: str
    subject: str
    body: str
    issuer_id: int
    recipient_id: int
    recipient: str
    issued_on: datetime.date
    reply_working_days: int
    reply_due_on: datetime.date
    state: str
    reply_text: str
    task_ids: list[int]
    milestone_ids: list[int]

    @staticmethod
    def resolve_recipient(o: SupervisionOrder) -> str:
        return o.recipient.name

    @staticmethod
    def resolve_task_ids(o: SupervisionOrder) -> list[int]:
        return [t.pk for t in o.tasks.all()]

    @staticmethod
    def resolve_milestone_ids(o: SupervisionOrder) -> list[int]:
        return [m.pk for m in o.milestones.all()]


class OrderIn(Schema):
    recipient_id: int
    subject: str
    body: str = ""
    task_ids: list[int] = []
    milestone_ids: list[int] = []
    reply_working_days: int | None = None


class ReplyIn(Schema):
    text: str


class LedgerOut(Schema):
    tasks_created: int
    tasks_updated: int
    units_added: int
    milestones_created: int
    unexpanded: list[str]


# ---------------------------------------------------------------------------------------------- tasks

def _tasks(request):
    active = TaskUnit.objects.filter(removed_at__isnull=True).select_related("unit")
    return Task.objects.for_user(request.user).prefetch_related(
        Prefetch("units", queryset=active, to_attr="active_units")
    )


@router.post("/plans/{int:plan_id}/ledger", response=LedgerOut, summary="由方案生成（补充）任务台账")
def generate_ledger(request, plan_id: int):
    require_capability(request, cap.SUPERVISE)
    plan = get_for_user_or_404(Plan, request.user, pk=plan_id)
    return call_service(services.generate_ledger, request.user, plan)


@router.get("/tasks", response=list[TaskOut], summary="台账任务（本人数据范围内）")
@paginate
def list_tasks(request, plan_id: int | None = None, unit_id: int | None = None):
    require_capability(request, *READ)
    tasks = _tasks(request)
    if plan_id is not None:
        tasks = tasks.filter(plan_id=plan_id)
    if unit_id is not None:
        tasks = tasks.filter(units__unit_id=unit_id, units__removed_at__isnull=True).distinct()
    return tasks.order_by("plan_id", "order")


@router.get("/tasks/{int:task_id}", response=TaskOut, summary="任务详情")
def task_detail(request, task_id: int):
    require_capability(request, *READ)
    return get_for_user_or_404(_tasks(request), request.user, pk=task_id)


# ---------------------------------------------------------------------------------------------- milestones

@router.get("/milestones", response=list[MilestoneOut], summary="时间节点（按截止日期）")
@paginate
def list_milestones(request, task_id: int | None = None, state: str | None = None, mine: bool = False):
    require_capability(request, *READ)
    milestones = Milestone.objects.for_user(request.user).select_related("task", "unit")
    if task_id is not None:
        milestones = milestones.filter(task_id=task_id)
    if state:
        milestones = milestones.filter(state=state)
    if mine:
        milestones = milestones.filter(unit_id=request.user.unit_id)
    return milestones.order_by("due_on", "id")


@router.get("/milestones/{int:milestone_id}", response=MilestoneOut, summary="时间节点详情")
def milestone_detail(request, milestone_id: int):
    require_capability(request, *READ)
    return get_for_user_or_404(Milestone.objects.select_related("task", "unit"), request.user, pk=milestone_id)


class ExtensionOut(Schema):
    id: int
    milestone_id: int
    unit_id: int
    due_before: datetime.date
    requested_due_on: datetime.date
    reason: str
    state: str
    approved_due_on: datetime.date | None
    decision_comment: str
    requested_at: datetime.datetime
    decided_at: datetime.datetime | None


class ExtensionIn(Schema):
    requested_due_on: datetime.date
    reason: str = ""


class DecisionIn(Schema):
    approved_due_on: datetime.date | None = None
    comment: str = ""


class CorrectionIn(Schema):
    due_on: datetime.date
    reason: str = ""


@router.get("/extensions", response=list[ExtensionOut], summary="延期申请")
@paginate
def list_extensions(request, state: str | None = None):
    require_capability(request, cap.SUPERVISE, cap.REPORT_PROGRESS)
    extensions = MilestoneExtension.objects.for_user(request.user)
    return extensions.filter(state=state) if state else extensions


@router.post("/milestones/{int:milestone_id}/extensions", response={201: ExtensionOut}, summary="申请延期（须说明理由）")
def request_extension(request, milestone_id: int, payload: ExtensionIn):
    require_capability(request, cap.REPORT_PROGRESS)
    milestone = get_for_user_or_404(Milestone, request.user, pk=milestone_id)
    return Status(201, call_service(services.request_extension, request.user, milestone, payload.requested_due_on,
                                    payload.reason))


@router.post("/extensions/{int:extension_id}/approve", response=ExtensionOut, summary="批准延期")
def approve_extension(request, extension_id: int, payload: DecisionIn):
    require_capability(request, cap.SUPERVISE)
    extension = get_for_user_or_404(MilestoneExtension, request.user, pk=extension_id)
    return call_service(services.approve_extension, request.user, extension, payload.approved_due_on,
                        payload.comment)


@router.post("/extensions/{int:extension_id}/refuse", response=ExtensionOut, summary="不予批准延期（须附意见）")
def refuse_extension(request, extension_id: int, payload: DecisionIn):
    require_capability(request, cap.SUPERVISE)
    extension = get_for_user_or_404(MilestoneExtension, request.user, pk=extension_id)
    return call_service(services.refuse_extension, request.user, extension, payload.comment)


@router.post("/milestones/{int:milestone_id}/correct", response=MilestoneOut, summary="更正截止日期（须说明理由）")
def correct_due_date(request, milestone_id: int, payload: CorrectionIn):
    require_capability(request, cap.SUPERVISE)
    milestone = get_for_user_or_404(Milestone, request.user, pk=milestone_id)
    call_service(services.correct_due_date, request.user, milestone, payload.due_on, payload.reason)
    return Milestone.objects.select_related("task", "unit").get(pk=milestone.pk)


# ---------------------------------------------------------------------------------------------- reports

def _reports(request):
    return ProgressReport.objects.for_user(request.user).prefetch_related("evidence")


@router.get("/reports", response=list[ReportOut], summary="进展报告")
@paginate
def list_reports(request, state: str | None = None, milestone_id: int | None = None):
    require_capability(request, *READ)
    reports = _reports(request)
    if state:
        reports = reports.filter(state=state)
    if milestone_id is not None:
        reports = reports.filter(milestone_id=milestone_id)
    return reports.order_by("-created_at", "-id")


@router.get("/reports/{int:report_id}", response=ReportOut, summary="进展报告详情")
def report_detail(request, report_id: int):
    require_capability(request, *READ)
    return get_for_user_or_404(_reports(request), request.user, pk=report_id)


@router.post("/milestones/{int:milestone_id}/reports", response={201: ReportOut}, summary="新建进展报告（可直接报送）")
def create_report(request, milestone_id: int, payload: ReportIn):
    require_capability(request, cap.REPORT_PROGRESS)
    milestone = get_for_user_or_404(Milestone, request.user, pk=milestone_id)
    report = call_service(services.save_report, request.user, milestone, text=payload.text, percent=payload.percent,
                   completed=payload.completed, links=payload.links)
    if payload.submit:
        report = call_service(services.submit_report, request.user, report)
    return Status(201, _reports(request).get(pk=report.pk))


@router.post("/reports/{int:report_id}/evidence", response={201: ReportOut}, summary="上传佐证文件")
def upload_evidence(request, report_id: int, file: UploadedFile = File(...)):  # noqa: B008
    require_capability(request, cap.REPORT_PROGRESS)
    report = get_for_user_or_404(ProgressReport.objects.select_related("milestone"), request.user, pk=report_id)
    call_service(services.save_report, request.user, report.milestone, text=report.text, percent=report.percent,
          completed=report.completed, report=report, files=[file])
    return Status(201, _reports(request).get(pk=report.pk))


@router.put("/reports/{int:report_id}", response=ReportOut, summary="修改草稿或被退回的报告")
def update_report(request, report_id: int, payload: ReportIn):
    require_capability(request, cap.REPORT_PROGRESS)
    report = get_for_user_or_404(ProgressReport.objects.select_related("milestone"), request.user, pk=report_id)
    report = call_service(services.save_report, request.user, report.milestone, text=payload.text,
                   percent=payload.percent, completed=payload.completed, report=report, links=payload.links)
    if payload.submit:
        call_service(services.submit_report, request.user, report)
    return _reports(request).get(pk=report.pk)


@router.post("/reports/{int:report_id}/submit", response=ReportOut, summary="报送（或重新报送）")
def submit_report(request, report_id: int):
    require_capability(request, cap.REPORT_PROGRESS)
    report = get_for_user_or_404(ProgressReport, request.user, pk=report_id)
    call_service(services.submit_report, request.user, report)
    return _reports(request).get(pk=report.pk)


@router.post("/reports/{int:report_id}/accept", response=ReportOut, summary="采纳")
def accept_report(request, report_id: int, payload: ReviewIn):
    require_capability(request, cap.SUPERVISE)
    report = get_for_user_or_404(ProgressReport, request.user, pk=report_id)
    call_service(services.accept_report, request.user, report, payload.comment)
    return _reports(request).get(pk=report.pk)


@router.post("/reports/{int:report_id}/return", response=ReportOut, summary="退回（须附意见）")
def return_report(request, report_id: int, payload: ReviewIn):
    require_capability(request, cap.SUPERVISE)
    report = get_for_user_or_404(ProgressReport, request.user, pk=report_id)
    call_service(services.return_report, request.user, report, payload.comment)
    return _reports(request).get(pk=report.pk)


# ---------------------------------------------------------------------------------------------- orders

def _orders(request):
    return SupervisionOrder.objects.for_user(request.user).select_related("recipient").prefetch_related(
        "tasks", "milestones"
    )


@router.get("/orders", response=list[OrderOut], summary="督办单")
@paginate
def list_orders(request, state: str | None = None):
    require_capability(request, cap.SUPERVISE, cap.REPORT_PROGRESS)
    orders = _orders(request)
    if state:
        orders = orders.filter(state=state)
    return orders


@router.get("/orders/{int:order_id}", response=OrderOut, summary="督办单详情")
def order_detail(request, order_id: int):
    require_capability(request, cap.SUPERVISE, cap.REPORT_PROGRESS)
    return get_for_user_or_404(_orders(request), request.user, pk=order_id)


@router.post("/orders", response={201: OrderOut}, summary="下发督办单")
def issue_order(request, payload: OrderIn):
    require_capability(request, cap.SUPERVISE)
    recipient = get_for_user_or_404(Unit, request.user, pk=payload.recipient_id)
    tasks = list(Task.objects.for_user(request.user).filter(pk__in=payload.task_ids))
    milestones = list(Milestone.objects.for_user(request.user).filter(pk__in=payload.milestone_ids))
    if len(tasks) != len(set(payload.task_ids)) or len(milestones) != len(set(payload.milestone_ids)):
        raise HttpError(404, "所选任务或时间节点不存在或不在您的数据范围内")
    order = call_service(services.issue_order, request.user, recipient=recipient, subject=payload.subject,
                  body=payload.body, tasks=tasks, milestones=milestones,
                  reply_working_days=payload.reply_working_days)
    return Status(201, _orders(request).get(pk=order.pk))


@router.post("/orders/{int:order_id}/reply", response=OrderOut, summary="承办单位回复")
def reply_order(request, order_id: int, payload: ReplyIn):
    require_capability(request, cap.REPORT_PROGRESS)
    order = get_for_user_or_404(SupervisionOrder, request.user, pk=order_id)
    call_service(services.reply_order, request.user, order, payload.text)
    return _orders(request).get(pk=order.pk)


@router.post("/orders/{int:order_id}/close", response=OrderOut, summary="办结")
def close_order(request, order_id: int, payload: ReviewIn):
    require_capability(request, cap.SUPERVISE)
    order = get_for_user_or_404(SupervisionOrder, request.user, pk=order_id)
    call_service(services.close_order, request.user, order, payload.comment)
    return _orders(request).get(pk=order.pk)
