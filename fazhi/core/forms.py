"""The styled form base every module's forms derive from."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.safestring import SafeString, mark_safe

from fazhi.core.fasthtml import format_html


class _OptionsInPython:
    """A select that writes its options in Python. Django's select template renders one option template
    per option: a list of a county's units (hundreds) took a task page 10 ms. Same HTML, same context; the
    options are written straight from `choices` (Django's option dicts cost 4 of a province's 500-unit select's
    7 ms), selected as Django selects them (one option in a plain select, every match in a multiple one)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        if self.allow_multiple_selected:
            widget["attrs"]["multiple"] = True  # as Select.get_context adds it
        selected_values = set(self.format_value(value))
        parts = [format_html("<select name=\"{}\"{}>", widget["name"], flatatt(widget["attrs"]))]
        has_selected = False
        for option_value, option_label in self.choices:
            group = isinstance(option_label, list | tuple)
            if group:
                parts.append(format_html("<optgroup label=\"{}\">", option_value))
            for sub_value, sub_label in option_label if group else [(option_value, option_label)]:
                sub_value = "" if sub_value is None else str(sub_value)
                selected = (not has_selected or self.allow_multiple_selected) and sub_value in selected_values
                has_selected |= selected
                parts.append(format_html("<option value=\"{}\"{}>{}</option>", sub_value,
                                         mark_safe(" selected") if selected else "", sub_label))
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # every value above went through format_html


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
