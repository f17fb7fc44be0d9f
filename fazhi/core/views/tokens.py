"""A user's own API tokens (接口令牌): create one for an integration, see when each was used, revoke it.

The raw token is shown once, in the response to the POST that created it, and never stored: the table
keeps only its sha256 (see `fazhi.core.auth.hash_token`). A token acts with its owner's roles and
data scope, so a user manages only their own tokens. Every token expires: the owner picks the validity
within the maximum the security administrator sets (安全策略), or takes the default.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from fazhi.core import flash
from fazhi.core.auth import issue_api_token, revoke_api_token
from fazhi.core.models import ApiToken, SecurityPolicy
from fazhi.core.permissions import capability_required


@never_cache  # the page that shows a raw token must not sit in any cache
@capability_required()
def api_tokens(request):
    error = ""
    created = raw = None
    name = days = ""
    policy = SecurityPolicy.current()
    if request.method == "POST":
        name, days = request.POST.get("name", ""), request.POST.get("days", "").strip()
        try:
            if days and not days.isdigit():
                raise ValidationError("有效期须填写天数（整数）")
            created, raw = issue_api_token(request.user, name, int(days) if days else None)
        except ValidationError as exc:
            error = flash.error_text(exc)
        else:
            name = days = ""
    tokens = ApiToken.objects.filter(user=request.user).order_by("revoked_at", "-created_at")
    return render(
        request, "core/api_tokens.html",
        {"tokens": tokens, "created": created, "raw": raw, "error": error, "name": name, "days": days,
         "policy": policy, "now": timezone.now()},
        status=400 if error else 200,
    )


@require_POST
@capability_required()
def api_token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    flash.call(request, revoke_api_token, request.user, token, done=f"已吊销令牌“{token.name}”")
    return redirect("core:api_tokens")
