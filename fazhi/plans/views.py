"""Plan pages: upload → preview and correct → confirm; the plan list and a plan's page.

Preview corrections are small POSTs. With htmx they answer with the part of the page that changed
(one item, or the whole workspace when the tree or the name resolution changed); without it they
redirect back to the preview, so plain form posts work too.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from fazhi.core import capabilities as cap
from fazhi.core import flash
from fazhi.core.forms import is_htmx
from fazhi.core.models import Unit
from fazhi.core.permissions import capability_required, has_capability
from fazhi.core.scopes import get_for_user_or_404
from fazhi.core.tables import BooleanFilter, ChoiceFilter, Column, Table
from fazhi.plans import display, forms, services
from fazhi.plans import staging as ops
from fazhi.plans.diff import diff_plan
from fazhi.plans.models import Plan, PlanImport, PlanItemUnit
from fazhi.plans.resolve import ROLE_FIELDS, UnitResolver, names_in
from fazhi.plans.staging import ROLE_LABELS

ROLE_ORDER = {role: position for position, role in enumerate(ROLE_FIELDS)}



# ---------------------------------------------------------------------------------------------- upload

@capability_required(cap.MANAGE_PLANS)
def import_upload(request):
    form = forms.UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            staging = services.stage_upload(
                request.user, jurisdiction=data["jurisdiction"], upload=data["file"], text=data["text"],
                upper_plan=data["upper_plan"], revises=data["revises"],
            )
        except ValidationError as exc:
            form.add_error(None, flash.error_text(exc))
        else:
            messages.success(request, f"已识别 {len(staging.document['items'])} 个条目，请核对后确认")
            return redirect("plans:import_preview", pk=staging.pk)
    pending = PlanImport.objects.for_user(request.user).filter(status=PlanImport.Status.PENDING)
    return render(request, "plans/upload.html", {"form": form, "pending": pending.select_related("jurisdiction")})


@capability_required(cap.MANAGE_PLANS)
def import_list(request):
    imports = (PlanImport.objects.for_user(request.user).select_related("jurisdiction", "created_by", "plan")
               .defer("extraction", "source_text"))  # a list row shows the title alone
    status = request.GET.get("status", PlanImport.Status.PENDING)
    if status in PlanImport.Status.values:
        imports = imports.filter(status=status)
    table = Table(
        imports,
        columns=[
            Column("title", "标题", accessor=str, link=lambda i: reverse("plans:import_preview", args=[i.pk]), width=40),
            Column("jurisdiction", "行政区", accessor="jurisdiction.name", sortable=True, order_by="jurisdiction__path"),
            Column("source_name", "来源文件", accessor=lambda i: i.source_name or "粘贴文本", width=30),
            Column("created_by", "上传人", accessor=lambda i: str(i.created_by or "系统")),
            Column("created_at", "上传时间", sortable=True),
            Column("status", "状态", sortable=True),
        ],
        search=["document__title", "source_name"],
        search_placeholder="标题或文件名",
        default_sort="-created_at",
        dom_id="import-table",
        empty_text="没有记录",
        keep=("status",),
    ).from_request(request)
    return table.respond(request, "plans/import_list.html", {
        "status": status, "statuses": PlanImport.Status.choices,
    }, filename="方案导入记录")


# ---------------------------------------------------------------------------------------------- preview

def _unit_choices(jurisdiction: Unit) -> list[tuple[int, str]]:
    units = Unit.objects.filter(jurisdiction.subtree_q(), is_active=True).only("id", "name", "depth")
    return [(u.pk, "\u3000" * (u.depth - jurisdiction.depth) + u.name) for u in units]


def _item_row(item: dict, depth_base: int, resolver: UnitResolver, left: set[str], change=None) -> dict:
    units = []
    for role, field in ROLE_FIELDS.items():
        for name in item.get(field, []):
            resolution = resolver.resolve(name)
            state = resolution.status
            if resolution.is_unresolved and name in left:
                state = "left"
            units.append({"role": role, "role_label": ROLE_LABELS[role], "name": name, "state": state,
                          "unit": resolution.unit})
    all_names = [u["name"] for u in units]
    return {
        "item": item, "key": item["key"], "depth": len(item["path"]) - depth_base,
        "units": units,
        "segments": display.highlight(item.get("text", ""), all_names, item["deadlines"], item["targets"]),
        "deadlines": [{"index": i, "entry": d, "label": display.deadline_label(d)}
                      for i, d in enumerate(item["deadlines"])],
        "targets": [display.target_label(t) for t in item["targets"]],
        "suggested_label": None,
        "change": change,
    }


def _names_panel(staging: PlanImport, resolver: UnitResolver) -> dict:
    left = set(staging.left_unresolved)
    rows = {"open": [], "left": [], "collective": [], "resolved": []}
    for name in names_in(staging.document):
        resolution = resolver.resolve(name)
        if resolution.is_unresolved:
            rows["left" if name in left else "open"].append(resolution)
        else:
            rows["collective" if resolution.is_collective else "resolved"].append(resolution)
    return rows


def _preview_context(request, staging: PlanImport) -> dict:
    resolver = UnitResolver(staging.jurisdiction)
    document = staging.document
    plan_diff = diff_plan(staging.revises, document) if staging.revises_id else None
    changes = plan_diff.for_key() if plan_diff else {}
    left = set(staging.left_unresolved)
    depth_base = 0
    rows = [_item_row(item, depth_base, resolver, left, changes.get(item["key"])) for item in document["items"]]
    for row in rows:
        row["suggested_label"] = ops.suggest_label(document, row["key"])
    return {
        "staging": staging, "document": document, "rows": rows,
        "names": _names_panel(staging, resolver),
        "unit_choices": _unit_choices(staging.jurisdiction),
        "fields_form": forms.DocumentFieldsForm.for_document(document),
        "links_form": forms.LinksForm(
            user=request.user, jurisdiction=staging.jurisdiction,
            initial={"upper_plan": staging.upper_plan_id, "revises": staging.revises_id},
        ),
        "diff": plan_diff,
        "roles": PlanItemUnit.Role.choices,
        "editable": staging.is_pending,
    }


def _get_import(request, pk: int) -> PlanImport:
    return get_for_user_or_404(
        PlanImport.objects.select_related("jurisdiction", "upper_plan", "revises", "plan"), request.user, pk=pk
    )


@capability_required(cap.MANAGE_PLANS)
def import_preview(request, pk: int):
    staging = _get_import(request, pk)
    return render(request, "plans/preview.html", _preview_context(request, staging))


def _after_edit(request, staging: PlanImport, *, key: int | None = None, error: str = "", whole: bool = False):
    """The answer to a correction: a fragment for htmx, a redirect (with a message) for a plain post."""
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        url = reverse("plans:import_preview", args=[staging.pk])
        return redirect(f"{url}#item-{key}" if key else url)
    staging.refresh_from_db()
    context = _preview_context(request, staging)
    context["error"] = error
    context["open_key"] = key
    if whole or key is None:
        return render(request, "plans/_workspace.html", context)
    row = next((r for r in context["rows"] if r["key"] == key), None)
    if row is None:
        return render(request, "plans/_workspace.html", context)
    context["row"] = row
    context["oob_names"] = True
    return render(request, "plans/_item_swap.html", context)


def _run(request, staging: PlanImport, action, *, key: int | None = None, whole: bool = False, success: str = ""):
    try:
        action()
    except ValidationError as exc:
        return _after_edit(request, staging, key=key, error=flash.error_text(exc), whole=whole)
    if success and not is_htmx(request):
        messages.success(request, success)
    return _after_edit(request, staging, key=key, whole=whole)


def _form_error(form) -> str:
    return "；".join(str(e) for errors in form.errors.values() for e in errors) or "提交的内容无效"


@require_POST
@capability_required(cap.MANAGE_PLANS)
def import_fields(request, pk: int):
    staging = _get_import(request, pk)
    form = forms.DocumentFieldsForm(request.POST)
    if not form.is_valid():
        return _after_edit(request, staging, error=_form_error(form), whole=True)
    return _run(request, staging, lambda: services.update_fields(request.user, staging, **form.changes()),
                whole=True, success="基本信息已保存")


@require_POST
@capability_required(cap.MANAGE_PLANS)
def import_links(request, pk: int):
    staging = _get_import(request, pk)
    form = forms.LinksForm(request.POST, user=request.user, jurisdiction=staging.jurisdiction)
    if not form.is_valid():
        return _after_edit(request, staging, error=_form_error(form), whole=True)
    data = form.cleaned_data
    return _run(request, staging, lambda: services.set_links(
        request.user, staging, upper_plan=data["upper_plan"], revises=data["revises"]), whole=True,
        success="关联方案已保存")


@require_POST
@capability_required(cap.MANAGE_PLANS)
def item_edit(request, pk: int, key: int):
    staging = _get_import(request, pk)
    form = forms.ItemForm(request.POST)
    if not form.is_valid():
        return _after_edit(request, staging, key=key, error=_form_error(form))
    data = form.cleaned_data
    return _run(request, staging, lambda: services.edit_item(
        request.user, staging, key, title=data["title"], text=data["text"]), key=key)


@require_POST
@capability_required(cap.MANAGE_PLANS)
def item_unit_add(request, pk: int, key: int):
    staging = _get_import(request, pk)
    form = forms.UnitForm(request.POST)
    if not form.is_valid():
        return _after_edit(request, staging, key=key, error=_form_error(form))
    data = form.cleaned_data
    return _run(request, staging, lambda: services.add_unit(request.user, staging, key, data["role"], data["name"]),
                key=key)


@require_POST
@capability_required(cap.MANAGE_PLANS)
def item_unit_remove(request, pk: int, key: int):
    staging = _get_import(request, pk)
    form = forms.UnitForm(request.POST)
    if not form.is_valid():
        return _after_edit(request, staging, key=key, error=_form_error(form))
    data = form.cleaned_data
    return _run(request, staging, lambda: services.remove_unit(
        request.user, staging, key, data["role"], data["name"]), key=key)


@require_POST
@capability_required(cap.MANAGE_PLANS)
def item_deadline(request, pk: int, key: int):
    staging = _get_import(request, pk)
    form = forms.DeadlineForm(request.POST)
    if not form.is_valid():
        return _after_edit(request, staging, key=key, error=_form_error(form))
    data = form.cleaned_data
    return _run(request, staging, lambda: services.correct_deadline(
        request.user, staging, key, data["index"], data["value"]), key=key)


@require_POST
@capability_required(cap.MANAGE_PLANS)
def item_split(request, pk: int, key: int):
    staging = _get_import(request, pk)
    form = forms.SplitForm(request.POST)
    if not form.is_valid():
        return _after_edit(request, staging, key=key, error=_form_error(form))

    def split():
        _, item = ops.find(staging.document, key)
        services.split_item(request.user, staging, key, form.position(item["text"]), form.cleaned_data["label"])

    return _run(request, staging, split, key=key, whole=True, success="条目已拆分")


@require_POST
@capability_required(cap.MANAGE_PLANS)
def item_merge(request, pk: int, key: int):
    staging = _get_import(request, pk)
    return _run(request, staging, lambda: services.merge_item(request.user, staging, key), key=key, whole=True,
                success="条目已合并到上一条")


@require_POST
@capability_required(cap.MANAGE_PLANS)
def import_name(request, pk: int):
    """Map an unresolved name to a unit (remembered), call it collective, or leave it for follow-up."""
    staging = _get_import(request, pk)
    form = forms.NameMappingForm(request.POST, jurisdiction=staging.jurisdiction)
    if not form.is_valid():
        return _after_edit(request, staging, error=_form_error(form), whole=True)
    data = form.cleaned_data

    def apply():
        if data["choice"] in ("leave", "unleave"):
            services.leave_unresolved(request.user, staging, data["name"], leave=data["choice"] == "leave")
        else:
            services.map_unit_name(request.user, staging.jurisdiction, data["name"], data["unit"])

    return _run(request, staging, apply, whole=True, success=f"“{data['name']}”已处理")


@require_POST
@capability_required(cap.MANAGE_PLANS)
def import_confirm(request, pk: int):
    staging = _get_import(request, pk)
    try:
        plan = services.confirm_import(request.user, staging)
    except ValidationError as exc:
        messages.error(request, flash.error_text(exc))
        return redirect("plans:import_preview", pk=staging.pk)
    messages.success(request, f"方案“{plan.title}”已导入，共 {plan.items.count()} 个条目")
    return redirect("plans:plan_detail", pk=plan.pk)


@require_POST
@capability_required(cap.MANAGE_PLANS)
def import_discard(request, pk: int):
    staging = _get_import(request, pk)
    try:
        services.discard_import(request.user, staging, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, flash.error_text(exc))
        return redirect("plans:import_preview", pk=staging.pk)
    messages.success(request, "已放弃该导入")
    return redirect("plans:import_list")


# ---------------------------------------------------------------------------------------------- plans

def _plan_queryset(request):
    return (
        Plan.objects.for_user(request.user)
        .select_related("jurisdiction", "upper_plan", "superseded_by")
        # A row shows titles and dates, not the linked plans' import results (PlanManager defers the row's own).
        .defer("upper_plan__extraction", "superseded_by__extraction")
        .annotate(item_count=Count("items", distinct=True))
    )


def _period_text(plan: Plan) -> str:
    if not plan.period_start:
        return ""
    if plan.period_end and plan.period_end != plan.period_start:
        return f"{plan.period_start}–{plan.period_end}"
    return str(plan.period_start)


@capability_required(cap.VIEW_PLANS)
def plan_list(request):
    def regions():
        return Unit.objects.filter(pk__in=Plan.objects.for_user(request.user).values("jurisdiction")).values_list(
            "pk", "name")

    table = Table(
        _plan_queryset(request),
        columns=[
            Column("title", "标题", sortable=True, link=lambda p: reverse("plans:plan_detail", args=[p.pk]), width=50),
            Column("jurisdiction", "行政区", sortable=True, accessor="jurisdiction.name", order_by="jurisdiction__path"),
            Column("doc_number", "文号"),
            Column("issued_on", "成文日期", sortable=True),
            Column("level", "层级", sortable=True),
            Column("period", "期限", accessor=_period_text),
            Column("item_count", "条目", sortable=True),
            Column("status", "版本", accessor=lambda p: "现行" if p.is_current else "已被取代"),
            Column("upper_plan", "落实的上级方案", accessor="upper_plan.title", width=40),
        ],
        search=["title", "doc_number", "issuer"],
        search_placeholder="标题、文号或发文机关",
        filters=[
            ChoiceFilter("region", "行政区", choices=regions, method=lambda v: Q(jurisdiction_id=int(v))),
            ChoiceFilter("level", "层级", "level", choices=forms.LEVEL_CHOICES),
            BooleanFilter("current", "版本", "superseded_by__isnull", yes="现行版本", no="已被取代"),
        ],
        default_sort="-issued_on",
        cache=True,
    ).from_request(request)
    can_import = has_capability(request.user, cap.MANAGE_PLANS)
    return table.respond(request, "plans/plan_list.html", {"perms_manage": can_import}, filename="规划方案")


def _versions(plan: Plan, user) -> list[Plan]:
    """Every version of the plan, oldest first, that the user may see."""
    chain = [plan]
    older = plan.supersedes
    while older is not None:
        chain.insert(0, older)
        older = older.supersedes
    newer = getattr(plan, "superseded_by", None) if not plan.is_current else None
    while newer is not None:
        chain.append(newer)
        newer = newer.superseded_by if not newer.is_current else None
    visible = set(Plan.objects.for_user(user).filter(pk__in=[p.pk for p in chain]).values_list("pk", flat=True))
    return [p for p in chain if p.pk in visible]


@capability_required(cap.VIEW_PLANS)
def plan_detail(request, pk: int):
    plan = get_for_user_or_404(
        Plan.objects.select_related("jurisdiction", "upper_plan__jurisdiction", "supersedes", "created_by")
        .defer("upper_plan__extraction", "supersedes__extraction"),
        request.user, pk=pk,
    )
    # Read only when the page's fragments are not in the cache (plan_detail.html): the items, their
    # highlighted text and the figures are most of the page's cost, and change only with a write.
    detail = SimpleLazyObject(lambda: _item_rows(plan))
    follow_ups = (
        PlanItemUnit.objects.filter(item__plan=plan, unit__isnull=True, is_collective=False)
        .select_related("item").order_by("item__order")
    )
    lower = Plan.objects.for_user(request.user).filter(upper_plan=plan).select_related("jurisdiction")
    return render(request, "plans/plan_detail.html", {
        "plan": plan, "rows": SimpleLazyObject(lambda: detail["rows"]), "follow_ups": follow_ups,
        "versions": SimpleLazyObject(lambda: _versions(plan, request.user)),
        "lower_plans": lower,
        "upper_visible": SimpleLazyObject(lambda: bool(
            plan.upper_plan_id and Plan.objects.for_user(request.user).filter(pk=plan.upper_plan_id).exists())),
        "can_supervise": has_capability(request.user, cap.SUPERVISE), "has_ledger": plan.tasks.exists(),
        "stats": SimpleLazyObject(lambda: detail["stats"]),
    })


def _item_rows(plan: Plan) -> dict:
    """The plan's items as the page shows them (units, highlighted text, deadlines, targets) and their counts."""
    # A unit badge shows the unit's name only: one joined query for the named units with that column,
    # instead of a second prefetch of every unit's ~15 columns.
    named_units = PlanItemUnit.objects.select_related("unit").only(
        "id", "item_id", "role", "name", "unit_id", "unit__name", "is_collective")
    items = list(plan.items.prefetch_related(Prefetch("named_units", queryset=named_units)).order_by("order"))
    rows = []
    for item in items:
        named = sorted(item.named_units.all(), key=lambda n: (ROLE_ORDER[n.role], n.pk))
        units = [{"role": n.role, "role_label": ROLE_LABELS[n.role], "name": n.name,
                  "state": "resolved" if n.unit_id else ("collective" if n.is_collective else "left"),
                  "unit": n.unit} for n in named]
        rows.append({
            "item": item, "depth": item.depth, "units": units,
            "segments": display.highlight(item.text, [u["name"] for u in units], item.deadlines, item.targets),
            "deadlines": [display.deadline_label(d) for d in item.deadlines],
            "targets": [display.target_label(t) for t in item.targets],
        })
    return {"rows": rows, "stats": {
        "items": len(items),
        "units": sum(len(r["units"]) for r in rows),
        "deadlines": sum(len(r["deadlines"]) for r in rows),
        "targets": sum(len(r["targets"]) for r in rows),
    }}
