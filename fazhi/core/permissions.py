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
