"""Capability checks shared by views and API routes."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def has_capability(user, capability: str | None) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return capability is None or user.is_superuser or user.can(capability)


def capability_required(*capabilities: str):
    """Login required, and the user must hold at least one of `capabilities` (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if capabilities and not any(has_capability(request.user, c) for c in capabilities):
                raise PermissionDenied("您没有执行此操作的权限")
            return view(request, *args, **kwargs)

        wrapped.required_capabilities = capabilities  # read by the permission-matrix test
        return wrapped

    return decorator


def require(actor, capability: str) -> None:
    """For services: the system (actor None) passes; a user must hold the capability (else 403)."""
    if actor is not None and not has_capability(actor, capability):
        raise PermissionDenied("您没有执行此操作的权限")


def require_sees(actor, unit) -> None:
    """For services: the system passes; a user's data scope must cover `unit` (else 403)."""
    from fazhi.core.scopes import user_sees_unit

    if actor is not None and not actor.is_superuser and not user_sees_unit(actor, unit):
        raise PermissionDenied("该记录不在您的数据范围内")


def require_jurisdiction_holder(actor, capability: str, jurisdiction, what: str) -> None:
    """For settings held per jurisdiction (time limits, 文书 templates): the capability, a region, and one the
    actor's data scope covers — its own jurisdiction and those below, never a region above it (the
    province's default) nor a sibling (another county); a platform-wide setting (`jurisdiction` None) only
    by a superuser. Refusals say why."""
    from django.core.exceptions import ValidationError

    require(actor, capability)
    if jurisdiction is None:
        if actor is not None and not actor.is_superuser:
            raise PermissionDenied(f"全平台的{what}只能由系统管理员设置；请调整本行政区的{what}")
        return
    if not jurisdiction.is_region:
        raise ValidationError(f"“{jurisdiction.name}”不是行政区，{what}按行政区设置")
    try:
        require_sees(actor, jurisdiction)
    except PermissionDenied:
        raise PermissionDenied(_out_of_scope_reason(actor, jurisdiction, what)) from None


def _out_of_scope_reason(actor, jurisdiction, what: str) -> str:
    own = actor.unit.jurisdiction() if actor is not None and actor.unit_id else None
    if own is not None and own.pk == jurisdiction.pk:
        return (f"不能修改{jurisdiction.name}的{what}：您的数据范围为“{actor.get_data_scope_display()}”，"
                f"不包括整个{jurisdiction.name}；请由数据范围为本行政区的工作人员设置。")
    where = f"您只能调整{own.name}及其下辖行政区的{what}" if own else "您的数据范围内没有行政区"
    if own is not None and own.path.startswith(jurisdiction.path):
        return (f"不能修改{jurisdiction.name}的{what}：上级行政区的{what}由其司法行政部门设置，{where}；"
                f"本地需要不同规定的，请在{own.name}设置本级{what}（覆盖上级规定）。")
    return f"不能修改{jurisdiction.name}的{what}：该行政区不在您的数据范围内，{where}。"
