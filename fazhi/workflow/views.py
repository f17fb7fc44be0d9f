"""The one page handler for every module's transitions: a module mounts `transition_view(WORKFLOW)`."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from fazhi.core.permissions import capability_required
from fazhi.core.scopes import get_for_user_or_404
from fazhi.workflow import engine


def transition_view(workflow: engine.Workflow) -> Callable:
    """POST <case pk>/<code>: run the step, flash the outcome (every refusal reason), back to the case.

    Opened by any capability of the workflow's steps; the engine then checks the step's own capability
    and the scope (403) and the state and data (the reasons, flashed in Chinese).
    """
    capabilities = tuple(dict.fromkeys(c for t in workflow.transitions.values() for c in t.capabilities))

    @require_POST
    @capability_required(*capabilities)
    def transition(request, pk: int, code: str):
        case = get_for_user_or_404(workflow.model, request.user, pk=pk)
        step = workflow.transitions.get(code)
        if step is None:
            raise Http404(f"未知的操作：{code}")
        try:
            case = engine.run(request.user, workflow, case, code, request.POST.dict())
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"已办理：{step.label}")
            for warning in case.step_warnings:
                messages.warning(request, warning)
        return redirect(workflow.link(case))

    return transition
