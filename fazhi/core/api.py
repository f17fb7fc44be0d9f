"""/api/core/: who am I, the organisation tree, accounts, the working-day table and the operation log.

The same capabilities and data scopes as the pages: a record outside the caller's scope is 404, a
missing capability 403, a refused change 400 with the service's Chinese message. Writes call
`fazhi.core.services`, never the models.
"""

# No `from __future__ import annotations` here: ninja builds its query models from the handlers'
# annotations, and string annotations such as "datetime.date | None" are not resolved there.
import datetime
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from fazhi.core import capabilities as cap
from fazhi.core import flash, services
from fazhi.core.calendar_services import MAX_YEAR, MIN_YEAR
from fazhi.core.models import CalendarDay, CalendarYear, DataScope, OperationLog, Unit, User
from fazhi.core.modules import capability_labels
from fazhi.core.permissions import has_capability
from fazhi.core.scopes import get_for_user_or_404, scope_q

router = Router(tags=["平台基础"])

T = TypeVar("T")


def require_capability(request, *capabilities: str) -> None:
    """403 unless the caller holds one of `capabilities` (the API twin of `capability_required`)."""
    if not any(has_capability(request.user, c) for c in capabilities):
        raise HttpError(403, "您没有执行此操作的权限")


def refuse_invalid(exc: ValidationError) -> NoReturn:
    """A service's refusal of bad input, as 400 with its Chinese messages."""
    raise HttpError(400, flash.error_text(exc)) from None


def call_service(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a service; a refusal becomes 400 (bad input) or 403 (not allowed) with its Chinese message."""
    try:
        return fn(*args, **kwargs)
    except ValidationError as exc:
        refuse_invalid(exc)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "您没有执行此操作的权限") from None


# ------------------------------------------------------------------------------------------- schemas


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    level: str
    level_label: str
    code: str
    is_active: bool
    parent_id: int | None
    depth: int
    aliases: list[str]

    @staticmethod
    def resolve_kind_label(unit: Unit) -> str:
        return unit.get_kind_display()

    @staticmethod
    def resolve_level_label(unit: Unit) -> str:
        return unit.get_level_display()

    @staticmethod
    def resolve_parent_id(unit: Unit) -> int | None:
        if hasattr(unit, "parent_pk"):  # annotated by `_units`
            return unit.parent_pk
        parent = Unit.objects.get_parent(unit)
        return parent.pk if parent else None

    @staticmethod
    def resolve_aliases(unit: Unit) -> list[str]:
        return sorted(a.name for a in unit.aliases.all())


class RoleOut(Schema):
    code: str
    name: str


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    unit: UnitOut | None
    roles: list[RoleOut]
    capabilities: list[str]
    data_scope: str
    data_scope_label: str
    scope_unit_ids: list[int] = Field(description="数据范围为“自定义单位”时的单位（各含下级）")
    is_superuser: bool


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    unit_id: int | None
    unit_name: str
    roles: list[str]
    data_scope: str
    is_active: bool
    last_login: datetime.datetime | None

    @staticmethod
    def resolve_unit_name(user: User) -> str:
        return user.unit.name if user.unit else ""

    @staticmethod
    def resolve_roles(user: User) -> list[str]:
        return sorted(r.code for r in user.roles.all())


class UnitCreateIn(Schema):
    name: str
    kind: str = Field(description="region / government / office / department / external")
    parent_id: int | None = Field(None, description="上级单位；不填则新增顶层行政区（须数据范围为“全部”）")
    level: str | None = Field(None, description="顶层行政区必填；其余按上级推算")
    code: str = ""
    aliases: list[str] = []


class UnitPatchIn(Schema):
    name: str | None = None
    is_active: bool | None = None
    aliases: list[str] | None = None
    reason: str = ""


class UnitMoveIn(Schema):
    parent_id: int


class CalendarDayOut(Schema):
    date: datetime.date
    day_type: str
    day_type_label: str
    note: str
    source: str

    @staticmethod
    def resolve_day_type_label(day: CalendarDay) -> str:
        return day.get_day_type_display()


class CalendarYearOut(Schema):
    year: int
    loaded: bool = Field(description="该年的节假日安排是否已录入；未录入的年份按周末规则推算")
    source: str
    days: list[CalendarDayOut]


class OperationLogOut(Schema):
    id: int
    at: datetime.datetime
    actor_id: int | None
    actor_name: str
    unit_id: int | None
    unit_name: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: Any = None
    after: Any = None
    reason: str
    ip: str | None


# ------------------------------------------------------------------------------------------- me


@router.get("/me", response=MeOut, summary="当前用户、单位、角色、权限与数据范围")
def me(request):
    user: User = request.user
    capabilities = sorted(capability_labels()) if user.is_superuser else sorted(user.capabilities())
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "unit": user.unit,
        "roles": list(user.roles.all()),
        "capabilities": capabilities,
        "data_scope": user.data_scope,
        "data_scope_label": user.get_data_scope_display(),
        "scope_unit_ids": sorted(user.scope_units.values_list("pk", flat=True)),
        "is_superuser": user.is_superuser,
    }


# ------------------------------------------------------------------------------------------- units

UNIT_READ = (cap.VIEW_UNITS, cap.MANAGE_UNITS)


def _units(request):
    # The parent is the unit whose path is this path minus one step (treebeard's materialised path).
    parent = Unit.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Unit.steplen)
    ).values("pk")[:1]
    return Unit.objects.for_user(request.user).prefetch_related("aliases").annotate(parent_pk=Subquery(parent))


@router.get("/units", response=list[UnitOut], summary="数据范围内的单位")
@paginate
def list_units(
    request,
    kind: str | None = None,
    parent: int | None = Query(None, description="只列出该单位的直接下级"),
    q: str | None = Query(None, description="名称或代码包含"),
    active: bool | None = None,
):
    require_capability(request, *UNIT_READ)
    units = _units(request)
    if kind:
        units = units.filter(kind=kind)
    if parent is not None:
        parent_unit = get_for_user_or_404(Unit, request.user, pk=parent)
        units = units.filter(path__startswith=parent_unit.path, depth=parent_unit.depth + 1)
    if q:
        units = units.filter(Q(name__contains=q.strip()) | Q(code__contains=q.strip()))
    if active is not None:
        units = units.filter(is_active=active)
    return units


@router.get("/units/{unit_id}", response=UnitOut, summary="单位详情")
def unit_detail(request, unit_id: int):
    require_capability(request, *UNIT_READ)
    return get_for_user_or_404(_units(request), request.user, pk=unit_id)


def _may_add_root(user: User) -> bool:
    return user.is_superuser or user.data_scope == DataScope.ALL


@router.post("/units", response={201: UnitOut}, summary="新增单位")
def create_unit(request, payload: UnitCreateIn):
    require_capability(request, cap.MANAGE_UNITS)
    parent = None
    if payload.parent_id is not None:
        parent = get_for_user_or_404(Unit, request.user, pk=payload.parent_id)
    elif not _may_add_root(request.user):
        raise HttpError(403, "只有数据范围为“全部”的管理员可以新增顶层行政区")
    if payload.kind not in Unit.Kind.values:
        raise HttpError(400, f"未知的单位类型：{payload.kind}")
    unit = call_service(
        services.create_unit, request.user, name=payload.name, kind=payload.kind, parent=parent,
        level=payload.level, code=payload.code, aliases=payload.aliases,
    )
    return Status(201, unit)


@router.patch("/units/{unit_id}", response=UnitOut, summary="修改单位名称、启用状态或别名")
def update_unit(request, unit_id: int, payload: UnitPatchIn):
    require_capability(request, cap.MANAGE_UNITS)
    unit = get_for_user_or_404(Unit, request.user, pk=unit_id)
    # One request, one outcome: if any change is refused, none of them lands (`fazhi.api.atomic_write`).
    if payload.name is not None and payload.name != unit.name:
        unit = call_service(services.rename_unit, request.user, unit, payload.name)
    if payload.aliases is not None:
        call_service(services.set_unit_aliases, request.user, unit, payload.aliases)
    if payload.is_active is not None and payload.is_active != unit.is_active:
        unit = call_service(services.set_unit_active, request.user, unit, payload.is_active, payload.reason)
    return _units(request).get(pk=unit.pk)


@router.post("/units/{unit_id}/move", response=UnitOut, summary="把单位（连同下级）移到另一上级之下")
def move_unit(request, unit_id: int, payload: UnitMoveIn):
    require_capability(request, cap.MANAGE_UNITS)
    unit = get_for_user_or_404(Unit, request.user, pk=unit_id)
    new_parent = get_for_user_or_404(Unit, request.user, pk=payload.parent_id)
    unit = call_service(services.move_unit, request.user, unit, new_parent)
    return _units(request).get(pk=unit.pk)


# ------------------------------------------------------------------------------------------- users


@router.get("/users", response=list[UserOut], summary="数据范围内的用户账号")
@paginate
def list_users(
    request,
    unit: int | None = Query(None, description="只列出该单位（不含下级）的账号"),
    q: str | None = Query(None, description="账号或姓名包含"),
    active: bool | None = None,
):
    require_capability(request, cap.MANAGE_USERS)
    accounts = User.objects.for_user(request.user).select_related("unit").prefetch_related("roles")
    if unit is not None:
        accounts = accounts.filter(unit=get_for_user_or_404(Unit, request.user, pk=unit))
    if q:
        accounts = accounts.filter(Q(username__contains=q.strip()) | Q(full_name__contains=q.strip()))
    if active is not None:
        accounts = accounts.filter(is_active=active)
    return accounts.order_by("username")


# ------------------------------------------------------------------------------------------- calendar


@router.get("/calendar/days", response=CalendarYearOut, summary="某年工作日历中明确录入的日期")
def calendar_days(request, year: int):
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise HttpError(400, f"年份须在 {MIN_YEAR}–{MAX_YEAR} 之间")
    loaded = CalendarYear.objects.filter(year=year).first()
    return {
        "year": year,
        "loaded": loaded is not None,
        "source": loaded.source if loaded else "",
        "days": list(CalendarDay.objects.filter(date__year=year).order_by("date")),
    }


# ------------------------------------------------------------------------------------------- audit


@router.get("/logs/operations", response=list[OperationLogOut], summary="操作日志（只读）")
@paginate
def operation_logs(
    request,
    action: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    actor: str | None = Query(None, description="操作人账号"),
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
):
    require_capability(request, cap.VIEW_AUDIT_LOG)
    # An auditor reads the rows of actors within their data scope, as on the log page.
    logs = OperationLog.objects.filter(scope_q(request.user, "unit"))
    if action:
        logs = logs.filter(action=action)
    if object_type:
        logs = logs.filter(object_type=object_type)
    if object_id:
        logs = logs.filter(object_id=object_id)
    if actor:
        logs = logs.filter(actor__username=actor)
    if date_from:
        logs = logs.filter(at__date__gte=date_from)
    if date_to:
        logs = logs.filter(at__date__lte=date_to)
    return logs.order_by("-at", "-id")
