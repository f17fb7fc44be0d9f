"""A milestone's page (dates, trace, history) with its deadline moves: extension requests and decisions,
the office's correction of a due date, the queue of pending requests, and a plan's tracking settings."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi.core import capabilities as cap
from fazhi.core import flash
from fazhi.core.lazyfields import fields_response
from fazhi.core.permissions import capability_required, has_capability
from fazhi.core.scopes import get_for_user_or_404
from fazhi.core.tables import ChoiceFilter, Column, Table
from fazhi.plans.models import Plan
from fazhi.supervision import forms, services
from fazhi.supervision.models import Milestone, MilestoneExtension, PlanTracking, Task

READ = (cap.SUPERVISE, cap.REPORT_PROGRESS, cap.VIEW_DASHBOARD)


def _milestone(request, pk: int) -> Milestone:
    return get_for_user_or_404(
        Milestone.objects.select_related("unit", "task__plan__jurisdiction").defer("task__plan__extraction"),
        request.user, pk=pk
    )


@capability_required(*READ)
def milestone_detail(request, pk: int):
    milestone = _milestone(request, pk)
    user = request.user
    own_unit = user.unit_id == milestone.unit_id
    office = has_capability(user, cap.SUPERVISE) and not own_unit
    pending = milestone.extensions.filter(state=MilestoneExtension.State.PENDING).first()
    return render(request, "supervision/milestone_detail.html", {
        "m": milestone,
        "task": milestone.task,
        "extensions": milestone.extensions.select_related("requested_by", "decided_by"),
        "transitions": milestone.transitions.select_related("actor", "case_type"),
        "pending": pending,
        "accepted": milestone.accepted_count(),
        "request_form": forms.ExtensionRequestForm() if own_unit and milestone.is_open and not pending
        and has_capability(user, cap.REPORT_PROGRESS) else None,
        "decision_form": forms.ExtensionDecisionForm() if office and pending else None,
        "correction_form": forms.DueCorrectionForm(initial={"due_on": milestone.due_on}) if office
        and milestone.state != Milestone.State.CANCELLED else None,
        "edit_form": forms.MilestoneEditForm(initial={"label": milestone.label,
                                                      "required_reports": milestone.required_reports})
        if office and milestone.state != Milestone.State.CANCELLED else None,
        "cancel_form": forms.MilestoneCancelForm() if office and milestone.is_open else None,
    })


@require_POST
@capability_required(cap.SUPERVISE)
def milestone_add(request, pk: int):
    """A milestone set by hand on a task, for one of its units."""
    task = get_for_user_or_404(Task.objects.select_related("plan"), request.user, pk=pk)
    form = forms.MilestoneAddForm(request.POST, task=task)
    flash.posted(request, form, services.add_milestone, request.user, task, done="已新增时间节点",
                 fields=("unit", "label", "due_on", "required_reports", "reason"))
    return redirect("supervision:task_detail", pk=task.pk)


@capability_required(cap.SUPERVISE)
def milestone_fields(request, pk: int):
    """The task page's 新增时间节点 fields, when the office opens that form (fazhi.core.lazyfields)."""
    task = get_for_user_or_404(Task.objects.select_related("plan").defer("plan__extraction"), request.user, pk=pk)
    return fields_response(request, "supervision/_milestone_fields.html",
                           {"task": task, "milestone_form": forms.MilestoneAddForm(task=task)})


def _milestone_step(capability: str, form_class, service, done: str, fields: tuple[str, ...]):
    """A POST on a milestone page: the form's fields go to one service verb, the outcome is flashed."""
    @require_POST
    @capability_required(capability)
    def view(request, pk: int):
        milestone = _milestone(request, pk)
        flash.posted(request, form_class(request.POST), service, request.user, milestone, done=done, fields=fields)
        return redirect("supervision:milestone_detail", pk=milestone.pk)
    return view


milestone_edit = _milestone_step(cap.SUPERVISE, forms.MilestoneEditForm, services.edit_milestone, "节点已修改",
                                 ("label", "required_reports", "reason"))
milestone_cancel = _milestone_step(cap.SUPERVISE, forms.MilestoneCancelForm, services.cancel_milestone, "节点已取消",
                                   ("reason",))
milestone_correct = _milestone_step(cap.SUPERVISE, forms.DueCorrectionForm, services.correct_due_date, "截止日期已更正",
                                    ("due_on", "reason"))
extension_request = _milestone_step(cap.REPORT_PROGRESS, forms.ExtensionRequestForm, services.request_extension,
                                    "延期申请已提交，等待审批", ("requested_due_on", "reason"))


def _extension(request, pk: int) -> MilestoneExtension:
    return get_for_user_or_404(MilestoneExtension.objects.select_related("milestone"), request.user, pk=pk)


@require_POST
@capability_required(cap.SUPERVISE)
def extension_approve(request, pk: int):
    extension = _extension(request, pk)
    flash.posted(request, forms.ExtensionDecisionForm(request.POST), services.approve_extension, request.user, extension,
                 done="已批准延期", fields=("approved_due_on", "comment"))
    return redirect("supervision:milestone_detail", pk=extension.milestone_id)


@require_POST
@capability_required(cap.SUPERVISE)
def extension_refuse(request, pk: int):
    extension = _extension(request, pk)
    flash.posted(request, forms.ExtensionDecisionForm(request.POST), services.refuse_extension, request.user, extension,
                 done="已不予批准", fields=("comment",))
    return redirect("supervision:milestone_detail", pk=extension.milestone_id)


@capability_required(cap.SUPERVISE, cap.REPORT_PROGRESS)
def extension_list(request):
    """Pending requests by default: the office's queue to decide, a unit's own requests and their outcome."""
    extensions = MilestoneExtension.objects.for_user(request.user).select_related(
        "milestone__task", "unit", "requested_by", "decided_by")
    table = Table(
        extensions,
        columns=[
            Column("task", "任务", accessor=lambda e: f"{e.milestone.task.label} {e.milestone.task.title}", width=40),
            Column("milestone", "节点", accessor="milestone.label",
                   link=lambda e: reverse("supervision:milestone_detail", args=[e.milestone_id])),
            Column("unit", "申请单位", accessor="unit.name", sortable=True, order_by="unit__path", width=24),
            Column("due_before", "原截止", sortable=True),
            Column("requested_due_on", "申请延期至", sortable=True),
            Column("reason", "理由", width=40),
            Column("requested_at", "申请时间", sortable=True),
            Column("state", "状态", accessor=lambda e: e.get_state_display() + (
                f"（至 {e.approved_due_on}）" if e.approved_due_on else "")),
        ],
        search=["reason", "unit__name", "milestone__task__title", "milestone__label"],
        search_placeholder="任务、单位或理由",
        filters=[ChoiceFilter("state", "状态", "state", choices=MilestoneExtension.State.choices)],
        default_sort="-requested_at",
        dom_id="extension-table",
        empty_text="没有延期申请",
        cache=True,
    ).from_request(request)
    return table.respond(request, "supervision/extension_list.html", {}, filename="延期申请")


@require_POST
@capability_required(cap.SUPERVISE)
def plan_tracking(request, plan_id: int):
    plan = get_for_user_or_404(Plan, request.user, pk=plan_id)
    form = forms.TrackingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    else:
        flash.call(request, services.set_plan_tracking, request.user, plan,
                   tracks_from=form.cleaned_data["tracks_from"],
                   standing=services.TRACKING_STANDING[form.cleaned_data["standing"] or ""],
                   done=lambda result: f"跟踪设置已保存：{result.summary()}")
    return redirect("supervision:plan_ledger", plan_id=plan.pk)


@capability_required(cap.SUPERVISE)
def plan_tracking_fields(request, plan_id: int):
    """The ledger's 跟踪设置 fields, when the office opens that form (fazhi.core.lazyfields)."""
    plan = get_for_user_or_404(Plan, request.user, pk=plan_id)
    return fields_response(request, "supervision/_tracking_fields.html", {"tracking_form": tracking_form(plan)})


def tracking_form(plan: Plan) -> forms.TrackingForm:
    """The plan page's form, showing what is set (blank fields: the defaults the ledger uses)."""
    tracking = PlanTracking.objects.filter(plan=plan).first()
    standing = {True: "standing", False: "bounded"}.get(tracking.standing if tracking else None, "")
    return forms.TrackingForm(initial={"tracks_from": tracking.tracks_from if tracking else None,
                                       "standing": standing})
