"""Lead-unit suggestion pages (牵头单位建议): a plan's tasks without a lead, one task's card, accepting.

Thin views over `suggest_services`: fetch within the user's scope (404 otherwise), accept through the
service (`services.make_task_lead`), redirect back with its message.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from fazhi.core import capabilities as cap
from fazhi.core import flash
from fazhi.core.models import Unit
from fazhi.core.permissions import capability_required
from fazhi.core.scopes import get_for_user_or_404
from fazhi.core.tables import Column, Table
from fazhi.plans.models import Plan
from fazhi.supervision import forms, suggest_services
from fazhi.supervision.models import Task, TaskUnit


def _suggestions_text(suggestions) -> str:
    return "；".join(f"{s.unit.name}（{s.percent}%，{s.reason}）" for s in suggestions)


def _unit_form(jurisdiction: Unit, data=None) -> forms.TaskUnitForm:
    return forms.TaskUnitForm(data, jurisdiction=jurisdiction, initial={"role": TaskUnit.Role.LEAD})


def _unit_choices(jurisdiction: Unit) -> list[tuple[int, str]]:
    """The units a lead may be changed to: those the accept form accepts, in tree order."""
    return list(_unit_form(jurisdiction).fields["unit"].queryset.order_by("path").values_list("pk", "name"))


def _unit_options(choices: list[tuple[int, str]]) -> str:
    """The <option>s of the change form, rendered once a page: a province has ~2,000 units and the
    plan page repeats the form on every row (rendered by the template loop, 20 rows took ~0.4 s)."""
    return format_html_join("", '<option value="{}">{}</option>', choices)


@capability_required(cap.SUPERVISE)
def plan_suggestions(request, plan_id: int):
    """The plan's tasks that have no lead unit, each with suggested lead units to accept or change."""
    plan = get_for_user_or_404(Plan.objects.select_related("jurisdiction"), request.user, pk=plan_id)
    engine = suggest_services.TaskSuggestions(plan, request.user)
    cache: dict[int, list] = {}

    def suggestions(task: Task) -> list:
        if task.pk not in cache:
            cache[task.pk] = engine.for_task(task)
        return cache[task.pk]

    table = Table(
        suggest_services.tasks_without_lead(plan, request.user),
        columns=[
            Column("order", "编号", sortable=True, accessor="label", css="text-nowrap small", width=8),
            Column("title", "任务", sortable=True, width=40),
            Column(
                "suggestions",
                "建议牵头单位（置信度，依据）",
                accessor=lambda t: _suggestions_text(suggestions(t)),
                width=80,
            ),
        ],
        search=["title", "text", "label"],
        search_placeholder="任务内容或编号",
        default_sort="order",
        per_page=20,
        dom_id="suggest-table",
        rows_template="supervision/suggest_plan_rows.html",
        empty_text="没有缺少牵头单位的任务",
    ).from_request(request)
    choices = _unit_choices(plan.jurisdiction)
    if table.page is not None:
        table.page.object_list = list(table.page.object_list)
        for task in table.page.object_list:
            task.suggestions = suggestions(task)
    return table.respond(
        request,
        "supervision/suggest_plan.html",
        {
            "plan": plan,
            "unit_choices": choices,
            "unit_options": _unit_options(choices),
        },
        filename=f"牵头单位建议-{plan.title}",
    )


@capability_required(cap.SUPERVISE)
def task_suggestions(request, pk: int):
    """One task's suggestions: the card the task page loads (htmx), or a page of its own."""
    task = get_for_user_or_404(
        Task.objects.select_related("plan__jurisdiction").defer("plan__extraction"), request.user, pk=pk
    )
    needs_lead = not suggest_services.has_lead(task)
    choices = _unit_choices(task.plan.jurisdiction) if needs_lead else []
    context = {
        "task": task,
        "needs_lead": needs_lead,
        "suggestions": suggest_services.suggest_for_task(task, request.user) if needs_lead else [],
        "unit_choices": choices,
        "unit_options": _unit_options(choices),
        "next": request.GET.get("next", ""),
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "supervision/suggest_card.html", context)
    return render(request, "supervision/suggest_task.html", context)


@require_POST
@capability_required(cap.SUPERVISE)
def task_suggestion_accept(request, pk: int):
    """Make the chosen unit (a suggestion, or another unit picked instead) the task's lead unit."""
    task = get_for_user_or_404(Task.objects.select_related("plan__jurisdiction"), request.user, pk=pk)
    form = _unit_form(task.plan.jurisdiction, {"unit": request.POST.get("unit"), "role": TaskUnit.Role.LEAD})
    if not form.is_valid():
        messages.error(request, "请选择本行政区的单位作为牵头单位")
    else:
        unit = form.cleaned_data["unit"]
        flash.call(request, suggest_services.accept, request.user, task, unit,
                   done=f"已将“{unit.name}”设为“{task.title}”的牵头单位")
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("supervision:task_detail", pk=task.pk)
