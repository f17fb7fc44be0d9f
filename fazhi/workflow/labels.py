"""Chinese names of transition-log entries: steps from the workflows' tables or the modules' `step_labels`,
states from the case models' choices."""

from __future__ import annotations

from functools import cache


@cache
def _labels() -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    from fazhi.core.modules import all_modules

    engine, declared = {}, {}
    for module in all_modules():
        for workflow in module.workflows:
            engine.update({(workflow.name, code): t.label for code, t in workflow.transitions.items()})
        declared.update({(module.app, action): label for action, label in module.step_labels.items()})
    return engine, declared


def step_label(workflow: str, app: str, action: str) -> str:
    engine, declared = _labels()
    return declared.get((app, action)) or engine.get((workflow, action)) or action


def state_label(model, value: str) -> str:
    try:
        choices = dict(model._meta.get_field("state").choices or ())
    except Exception:  # a case model without a `state` field
        return value
    return choices.get(value, value)
