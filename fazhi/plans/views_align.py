"""Cross-level alignment pages: the worksheet (each lower item with its suggested upper items) and coverage.

The lower plan comes through the user's scope; the upper plan must be a plan of a region above it
(`align_services.readable_upper_plan`), readable here although outside the user's scope. Confirm and
reject are small POSTs: with htmx they answer with the changed item row, otherwise a redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi.core import capabilities as cap
from fazhi.core import flash
from fazhi.core.forms import is_htmx
from fazhi.core.permissions import capability_required, has_capability
from fazhi.core.scopes import get_for_user_or_404
from fazhi.core.tables import ChoiceFilter, Column, Table
from fazhi.plans import align_services as svc
from fazhi.plans.models import ItemAlignment, Plan, PlanItem

READ = (cap.VIEW_PLANS, cap.MANAGE_PLANS)



def _lower_plan(request, pk: int) -> Plan:
    return get_for_user_or_404(Plan.objects.select_related("jurisdiction", "upper_plan"), request.user, pk=pk)


def _upper_plan(request, lower: Plan) -> Plan | None:
    raw = request.POST.get("upper") or request.GET.get("upper")
    if raw:
        return svc.readable_upper_plan(lower, raw)
    return svc.default_upper_plan(lower)


def _align_url(lower: Plan, upper: Plan | None, anchor: str = "") -> str:
    url = reverse("plans:align", args=[lower.pk])
    if upper is not None:
        url += f"?upper={upper.pk}"
    return url + (f"#{anchor}" if anchor else "")


def _upper_choices(lower: Plan, upper: Plan) -> list[tuple[int, str]]:
    return [(i.key, f"{i.label} {(i.title or i.text)[:40]}") for i in svc.alignable_items(upper)]


def _counts(rows: list[svc.LowerRow]) -> dict:
    return {
        "items": len(rows),
        "confirmed": sum(bool(r.confirmed) for r in rows),
        "pending": sum(bool(r.pending) and not r.confirmed for r in rows),
        "none": sum(not r.alignments for r in rows),
    }


@capability_required(*READ)
def align(request, pk: int):
    lower = _lower_plan(request, pk)
    upper = _upper_plan(request, lower)
    context = {
        "plan": lower,
        "upper": upper,
        "candidates": svc.upper_plan_candidates(lower),
        "can_decide": has_capability(request.user, cap.MANAGE_PLANS),
    }
    if upper is not None:
        rows = svc.worksheet(lower, upper)
        context.update(
            {
                "rows": rows,
                "upper_choices": _upper_choices(lower, upper),
                "counts": _counts(rows),
            }
        )
    return render(request, "plans/align.html", context)


@require_POST
@capability_required(cap.MANAGE_PLANS)
def align_suggest(request, pk: int):
    lower = _lower_plan(request, pk)
    upper = _upper_plan(request, lower)
    if upper is None:
        messages.error(request, "没有可对接的上级方案：请先导入上级行政区的方案")
        return redirect("plans:align", pk=lower.pk)
    flash.call(
        request, svc.suggest_alignments, request.user, lower, upper,
        done=lambda result: f"已为 {result.items} 个条目生成 {result.suggested} 条对接建议"
        f"（保留已确认或否决的 {result.kept_decisions} 条；{len(result.without_suggestion)} 个条目无达到阈值的建议）",
    )
    return redirect(_align_url(lower, upper))


def _row_response(request, lower: Plan, upper: Plan, lower_item_id: int, error: str = ""):
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        return redirect(_align_url(lower, upper, f"lower-{lower_item_id}"))
    rows = svc.worksheet(lower, upper)
    row = next((r for r in rows if r.item.pk == lower_item_id), None)
    if row is None:  # not an alignable item (a heading): show the whole page again
        return redirect(_align_url(lower, upper))
    return render(
        request,
        "plans/_align_row.html",
        {
            "plan": lower,
            "upper": upper,
            "row": row,
            "can_decide": True,
            "error": error,
            "upper_choices": _upper_choices(lower, upper),
            "counts": _counts(rows),
            "oob_counts": True,
        },
    )


def _alignment(request, lower: Plan, alignment_id: int) -> ItemAlignment:
    return get_for_user_or_404(
        ItemAlignment.objects.filter(lower_item__plan=lower).select_related("upper_item__plan"),
        request.user,
        pk=alignment_id,
    )


def _decide(request, pk: int, alignment_id: int, action):
    lower = _lower_plan(request, pk)
    alignment = _alignment(request, lower, alignment_id)
    upper = svc.readable_upper_plan(lower, alignment.upper_item.plan_id)
    error = ""
    try:
        action(alignment)
    except ValidationError as exc:
        error = flash.error_text(exc)
    return _row_response(request, lower, upper, alignment.lower_item_id, error)


@require_POST
@capability_required(cap.MANAGE_PLANS)
def align_confirm(request, pk: int, alignment_id: int):
    return _decide(request, pk, alignment_id, lambda a: svc.confirm_alignment(request.user, a))


@require_POST
@capability_required(cap.MANAGE_PLANS)
def align_reject(request, pk: int, alignment_id: int):
    reason = request.POST.get("reason", "")[:200]
    return _decide(request, pk, alignment_id, lambda a: svc.reject_alignment(request.user, a, reason))


@require_POST
@capability_required(cap.MANAGE_PLANS)
def align_link(request, pk: int):
    """Link a lower item to an upper item of the chosen upper plan that the engine did not suggest."""
    lower = _lower_plan(request, pk)
    upper = _upper_plan(request, lower)
    try:
        lower_item = lower.items.get(pk=int(request.POST.get("lower_item", "")))
    except (PlanItem.DoesNotExist, ValueError):
        messages.error(request, "请选择本方案的条目")
        return redirect(_align_url(lower, upper))
    error = ""
    try:
        upper_item = upper.items.get(pk=int(request.POST.get("upper_item", ""))) if upper else None
    except (PlanItem.DoesNotExist, ValueError):
        upper_item = None
    if upper_item is None:
        error = "请选择上级方案中的条目"
    else:
        try:
            svc.link_items(request.user, lower_item, upper_item)
        except ValidationError as exc:
            error = flash.error_text(exc)
    if upper is None:
        messages.error(request, error)
        return redirect(_align_url(lower, None))
    return _row_response(request, lower, upper, lower_item.pk, error)


class _CoverageTable(Table):
    """The table of uncovered upper items; its filter form must keep the chosen upper plan."""

    @property
    def kept_params(self) -> list[tuple[str, str]]:
        upper = self.data.get("upper")
        return super().kept_params + ([("upper", upper)] if upper else [])


@capability_required(*READ)
def align_coverage(request, pk: int):
    """Upper items that no lower item implements (confirmed), and coverage per upper section."""
    lower = _lower_plan(request, pk)
    upper = _upper_plan(request, lower)
    if upper is None:
        return render(
            request,
            "plans/align_coverage.html",
            {"plan": lower, "upper": None, "candidates": svc.upper_plan_candidates(lower)},
        )
    report = svc.coverage(lower, upper)
    sections = [(s.label, f"{s.label} {s.title}") for s in report.sections]

    def in_section(value: str) -> Q:
        ids = [
            pk
            for pk, path in PlanItem.objects.filter(pk__in=report.uncovered_ids).values_list("pk", "path")
            if " ".join(path).startswith(value + " ")
        ]
        return Q(pk__in=ids)

    table = _CoverageTable(
        PlanItem.objects.filter(pk__in=report.uncovered_ids).order_by("order"),
        columns=[
            Column("label", "编号", accessor="display_path", css="text-nowrap"),
            Column("title", "标题", accessor=lambda i: i.title or "—"),
            Column("text", "内容", accessor=lambda i: i.text, width=80),
            Column("suggested", "有待确认的建议", accessor=lambda i: i.pk in report.suggested_ids),
        ],
        search=["title", "text"],
        search_placeholder="上级条目的标题或内容",
        filters=[
            ChoiceFilter("section", "部分", choices=lambda: sections, method=in_section),
            ChoiceFilter(
                "pending",
                "建议",
                choices=[("1", "有待确认的建议"), ("0", "没有建议")],
                method=lambda v: (
                    Q(pk__in=report.suggested_ids) if v == "1" else ~Q(pk__in=report.suggested_ids)
                ),
            ),
        ],
        default_sort=None,
        empty_text="上级方案的每个条目都已有确认的落实条目",
    )
    table = table.from_request(request)
    return table.respond(
        request,
        "plans/align_coverage.html",
        {
            "plan": lower,
            "upper": upper,
            "report": report,
            "candidates": svc.upper_plan_candidates(lower),
        },
        filename="未落实的上级条目",
    )
