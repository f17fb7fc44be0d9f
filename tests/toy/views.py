from django.http import HttpResponse

from fazhi.core.permissions import capability_required
from fazhi.core.scopes import get_for_user_or_404
from fazhi.workflow.engine import allowed_for
from fazhi.workflow.views import transition_view
from tests.toy.models import Errand
from tests.toy.workflow import ERRAND, HANDLE

transition = transition_view(ERRAND)


@capability_required(HANDLE)
def detail(request, pk: int):
    errand = get_for_user_or_404(Errand, request.user, pk=pk)
    steps = "、".join(t.label for t in allowed_for(request.user, ERRAND, errand))
    # Plain text: a test module's page, not a page of the site (the console walk opens only HTML pages).
    return HttpResponse(f"{errand.title}：{errand.get_state_display()}（可办理：{steps or '无'}）",
                        content_type="text/plain; charset=utf-8")
