"""The one API handler for every module's transitions, and the list of steps a user may take.

A module's router mounts these under its own path (e.g. /api/normdocs/documents/{id}/transitions/{code}),
so its routes keep their names and their permission-matrix cases; a refusal is 403 for capability or
scope and 400 with the Chinese reasons for state or data.
"""

from typing import Any

from ninja.errors import HttpError

from fazhi.core.api import call_service
from fazhi.core.scopes import get_for_user_or_404
from fazhi.workflow import engine


def transition_out(t: engine.Transition) -> dict:
    return {"code": t.code, "label": t.label, "target": t.target,
            "fields": [{"name": f.name, "label": f.label, "kind": f.kind, "required": f.required,
                        **({"choices": [list(c) for c in f.choices]} if f.choices else {})}
                       for f in t.all_fields]}


def allowed_out(user, workflow: engine.Workflow, case) -> list[dict]:
    return [transition_out(t) for t in engine.allowed_for(user, workflow, case)]


def run_transition(request, workflow: engine.Workflow, case_id: int, code: str, payload: dict[str, Any]):
    """Find the case in the caller's scope (else 404), then run the step through the engine."""
    case = get_for_user_or_404(workflow.model, request.user, pk=case_id)
    if code not in workflow.transitions:
        raise HttpError(404, f"未知的操作：{code}")
    return call_service(engine.run, request.user, workflow, case, code, payload or {})
