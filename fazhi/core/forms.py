"""The styled form base every module's forms derive from."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, so templates render `{{ field }}` (or core/_field.html) as is.

    `size = "sm"` gives the small variants. A service's refusal goes back onto the form with
    `add_service_error`.
    """

    size = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
                continue
            base = "form-select" if isinstance(widget, forms.Select | forms.SelectMultiple) else "form-control"
            widget.attrs.setdefault("class", f"{base} {base}-{self.size}" if self.size else base)

    def add_service_error(self, exc: ValidationError) -> None:
        for message in exc.messages:
            self.add_error(None, message)


def is_htmx(request) -> bool:
    """Whether htmx sent the request (it then wants the changed fragment, not a redirect)."""
    return request.headers.get("HX-Request") == "true"


def date_input() -> forms.DateInput:
    """A browser date picker whose initial value is ISO (a localised "2026年3月2日" would leave it empty)."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
