"""Organisation-tree pages: the tree of the units in the user's scope and a unit's page with its forms.

Each change is a small POST handled by its own view that calls one service; on a refused change the
unit's page is shown again with the service's message beside the form that caused it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fazhi.core import capabilities as cap
from fazhi.core import flash, services
from fazhi.core.models import DataScope, Level, OperationLog, Unit
from fazhi.core.permissions import capability_required, has_capability
from fazhi.core.scopes import get_for_user_or_404
from fazhi.core.views import forms


@dataclass
class TreeNode:
    unit: Unit
    children: list[TreeNode] = field(default_factory=list)
    open: bool = False


def build_tree(units: list[Unit], open_all: bool = False) -> list[TreeNode]:
    """Nest units (ordered by path) into trees; a unit whose parent is out of scope is a root.

    Regions down to the county start expanded, towns and bodies collapsed (or everything, `open_all`).
    """
    nodes: dict[str, TreeNode] = {}
    roots: list[TreeNode] = []
    for unit in units:
        node = TreeNode(unit)
        nodes[unit.path] = node
        parent = nodes.get(unit.path[: -Unit.steplen])
        (parent.children if parent else roots).append(node)
    for node in nodes.values():
        expand = open_all or (node.unit.is_region and node.unit.level != Level.TOWN)
        node.open = expand and bool(node.children)
    return roots


def _matching_paths(units: list[Unit], query: str) -> set[str]:
    """Paths of the units matching `query` and of their ancestors, so matches show in place."""
    keep: set[str] = set()
    for unit in units:
        if query in unit.name or query in (unit.code or ""):
            keep.update(unit.path[:i] for i in range(Unit.steplen, len(unit.path) + 1, Unit.steplen))
    return keep


@capability_required(cap.VIEW_UNITS, cap.MANAGE_UNITS)
def unit_list(request):
    units = list(
        Unit.objects.for_user(request.user).only("id", "name", "kind", "level", "is_active", "path", "depth")
        .annotate(user_count=Count("users", filter=Q(users__is_active=True)))
    )
    query = (request.GET.get("q") or "").strip()
    if query:
        keep = _matching_paths(units, query)
        units = [u for u in units if u.path in keep]
    roots = build_tree(units, open_all=bool(query))
    can_manage = has_capability(request.user, cap.MANAGE_UNITS)
    can_add_root = can_manage and (request.user.is_superuser or request.user.data_scope == DataScope.ALL)
    return render(request, "core/unit_list.html", {
        "roots": roots, "query": query, "count": len(units), "can_manage": can_manage,
        "root_form": forms.RootUnitForm() if can_add_root else None,
    })


@capability_required(cap.MANAGE_UNITS)
@require_POST
def unit_add_root(request):
    if not (request.user.is_superuser or request.user.data_scope == DataScope.ALL):
        messages.error(request, "只有数据范围为“全部”的管理员可以新增顶层行政区")
        return redirect("core:unit_list")
    form = forms.RootUnitForm(request.POST)
    if form.is_valid():
        try:
            unit = services.create_unit(
                request.user, name=form.cleaned_data["name"], kind=Unit.Kind.REGION,
                level=form.cleaned_data["level"], code=form.cleaned_data["code"],
            )
        except ValidationError as exc:
            messages.error(request, flash.error_text(exc))
        else:
            messages.success(request, f"已新增“{unit.name}”")
            return redirect("core:unit_detail", pk=unit.pk)
    else:
        messages.error(request, "请填写名称和层级")
    return redirect("core:unit_list")


def _detail(request, unit: Unit, status: int = 200, **bound_forms):
    user = request.user
    ancestors = Unit.objects.for_user(user).filter(path__in=unit._ancestor_paths())
    children = Unit.objects.for_user(user).filter(unit.subtree_q(), depth=unit.depth + 1).annotate(
        user_count=Count("users"))
    can_manage = has_capability(user, cap.MANAGE_UNITS)
    # The office keeps its units' kind of body and enforcement powers (plans' 各部门 / 各执法部门 read them).
    can_set_attributes = can_manage or has_capability(user, cap.SUPERVISE)
    context = {
        "unit": unit,
        "ancestors": ancestors,
        "children": children,
        "aliases": unit.aliases.order_by("name"),
        "user_count": unit.users.count(),
        "active_user_count": unit.users.filter(is_active=True).count(),
        "history": unit.history.select_related("history_user").order_by("-history_date")[:30],
        "logs": OperationLog.objects.filter(object_type="core.unit", object_id=str(unit.pk))[:30],
        "can_manage": can_manage,
        "can_set_attributes": can_set_attributes,
        "attributes_form": (bound_forms.get("attributes_form") or forms.AttributesForm(
            initial={"organ": unit.organ, "enforcement_powers": unit.enforcement_powers}))
        if can_set_attributes and not unit.is_region else None,
    }
    if can_manage:
        context.update({
            "child_form": bound_forms.get("child_form") or forms.UnitCreateForm(
                initial={"kind": Unit.Kind.DEPARTMENT}),
            "rename_form": bound_forms.get("rename_form") or forms.RenameForm(initial={"name": unit.name}),
            "move_form": bound_forms.get("move_form") or forms.MoveForm(user=user),
            "active_form": bound_forms.get("active_form") or forms.ActiveForm(),
            "aliases_form": bound_forms.get("aliases_form") or forms.AliasesForm(
                initial={"aliases": "\n".join(a.name for a in context["aliases"])}),
        })
    return render(request, "core/unit_detail.html", context, status=status)


@capability_required(cap.VIEW_UNITS, cap.MANAGE_UNITS)
def unit_detail(request, pk: int):
    return _detail(request, get_for_user_or_404(Unit, request.user, pk=pk))


def _apply(request, unit: Unit, form_key: str, form, change, success: str):
    """Run `change(cleaned_data)` (a service call) if the form is valid; show the page again if not."""
    if form.is_valid():
        try:
            result = change(form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, success)
            return redirect("core:unit_detail", pk=getattr(result, "pk", unit.pk))
    return _detail(request, unit, status=400, **{form_key: form})


@capability_required(cap.MANAGE_UNITS)
@require_POST
def unit_add_child(request, pk: int):
    unit = get_for_user_or_404(Unit, request.user, pk=pk)
    return _apply(
        request, unit, "child_form", forms.UnitCreateForm(request.POST),
        lambda d: services.create_unit(
            request.user, name=d["name"], kind=d["kind"], parent=unit, code=d["code"],
            aliases=forms.split_aliases(d["aliases"]),
        ),
        "已新增下级单位",
    )


@capability_required(cap.MANAGE_UNITS)
@require_POST
def unit_rename(request, pk: int):
    unit = get_for_user_or_404(Unit, request.user, pk=pk)
    return _apply(request, unit, "rename_form", forms.RenameForm(request.POST),
                  lambda d: services.rename_unit(request.user, unit, d["name"]), "名称已修改")


@capability_required(cap.MANAGE_UNITS)
@require_POST
def unit_move(request, pk: int):
    unit = get_for_user_or_404(Unit, request.user, pk=pk)
    return _apply(request, unit, "move_form", forms.MoveForm(request.POST, user=request.user),
                  lambda d: services.move_unit(request.user, unit, d["parent"]), "已移动")


@capability_required(cap.MANAGE_UNITS)
@require_POST
def unit_set_active(request, pk: int):
    unit = get_for_user_or_404(Unit, request.user, pk=pk)
    active = request.POST.get("active") == "1"
    return _apply(request, unit, "active_form", forms.ActiveForm(request.POST),
                  lambda d: services.set_unit_active(request.user, unit, active, d["reason"]),
                  "已启用" if active else "已停用")


@capability_required(cap.MANAGE_UNITS)
@require_POST
def unit_aliases(request, pk: int):
    unit = get_for_user_or_404(Unit, request.user, pk=pk)
    return _apply(request, unit, "aliases_form", forms.AliasesForm(request.POST),
                  lambda d: services.set_unit_aliases(request.user, unit, forms.split_aliases(d["aliases"])),
                  "别名已保存")


@capability_required(cap.MANAGE_UNITS, cap.SUPERVISE)
@require_POST
def unit_attributes(request, pk: int):
    unit = get_for_user_or_404(Unit, request.user, pk=pk)
    return _apply(request, unit, "attributes_form", forms.AttributesForm(request.POST),
                  lambda d: services.set_unit_attributes(request.user, unit, organ=d["organ"],
                                                         enforcement_powers=d["enforcement_powers"]),
                  "单位属性已保存")
