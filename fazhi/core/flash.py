"""What a posted form's page says back (flash messages): a service's refusal, or what was done.

Views call a service, flash the outcome and redirect; these keep the wording of refusals the same
everywhere (the service's Chinese messages joined with "；"). The API's 400 answers and the management
commands' errors use the same `error_text`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError


def error_text(exc: ValidationError) -> str:
    """A service's refusal as one line."""
    return "；".join(exc.messages)


def form_errors_text(form) -> str:
    """A bound form's errors as one line: each field's label and its first error."""
    return "；".join(f"{form.fields[k].label if k in form.fields else '表单'}：{v[0]}" for k, v in form.errors.items())


def call(request, service: Callable[..., Any], *args: Any, done: str | Callable[[Any], str] = "", **kwargs: Any) -> bool:
    """Run `service(*args, **kwargs)` for a posted form and flash its outcome: the refusal as an error,
    else `done` (a text, or a function of the service's result) as a success. Whether it went through."""
    try:
        result = service(*args, **kwargs)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return False
    text = done(result) if callable(done) else done
    if text:
        messages.success(request, text)
    return True


def posted(request, form, service: Callable[..., Any], *args: Any, done: str | Callable[[Any], str] = "",
           fields: tuple[str, ...] | None = None) -> bool:
    """Run `service(*args, **data)` for a valid posted `form` and flash the outcome, or flash the form's errors.

    `data` is the form's cleaned data, or only the named `fields` of it (each passed as the like-named argument).
    """
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return False
    data = form.cleaned_data if fields is None else {name: form.cleaned_data[name] for name in fields}
    return call(request, service, *args, **data, done=done)
