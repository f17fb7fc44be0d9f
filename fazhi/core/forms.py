"""The styled form base every module's forms derive from."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe


class _OptionsInPython:
    """A select that writes its options in Python, straight from its choices. Django's select template
    renders one option template per option, and its context builds a dict per option first: a list of a
    county's units (hundreds) took a task page 10 ms, and the context alone still 1–2 ms a list. Same HTML
    (the selected option, groups, attributes) as Django's select."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        wanted = set(self.format_value(value))
        parts = [format_html('<select name="{}"{}>', name, flatatt(final_attrs))]
        has_selected = False  # a single select marks its first matching option only, as Django's does
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            grouped = isinstance(option_label, list | tuple)
            if grouped:
                parts.append(format_html('<optgroup label="{}">', option_value))
            for subvalue, sublabel in option_label if grouped else [(option_value, option_label)]:
                selected = (not has_selected or self.allow_multiple_selected) and str(subvalue) in wanted
                has_selected |= selected
                parts.append(f'<option value="{escape(subvalue)}"{" selected" if selected else ""}>'
                             f"{conditional_escape(sublabel)}</option>")
            if grouped:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)


class QuickSelect(_OptionsInPython, forms.Select):
    pass


class QuickSelectMultiple(_OptionsInPython, forms.SelectMultiple):
    pass


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
            # Plain selects render their options in Python (QuickSelect); subclasses keep their own templates.
            if type(widget) is forms.Select:
                widget.__class__ = QuickSelect
            elif type(widget) is forms.SelectMultiple:
                widget.__class__ = QuickSelectMultiple
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
