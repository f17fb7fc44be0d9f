"""Every browser date picker (`<input type="date">`) in every form is given its value as ISO (2025-03-01): the
browser shows any other spelling (a localised 2025/03/01) as an empty field, and an office editing a record
would save it without its date."""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil

from django import forms

import fazhi


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for module_info in pkgutil.walk_packages(fazhi.__path__, "fazhi."):
        if not module_info.name.endswith(".forms"):
            continue
        module = importlib.import_module(module_info.name)
        found += [c for _, c in inspect.getmembers(module, inspect.isclass)
                  if issubclass(c, forms.BaseForm) and c.__module__ == module.__name__]
    return found


def test_every_date_picker_shows_an_existing_date():
    pickers = []
    for form_class in _form_classes():
        for name, field in form_class.base_fields.items():
            if getattr(field.widget, "input_type", "") == "date":
                pickers.append(f"{form_class.__name__}.{name}")
                assert field.widget.format_value(datetime.date(2025, 3, 1)) == "2025-03-01", pickers[-1]
    assert "TrackingForm.tracks_from" in pickers or any(p.endswith(".tracks_from") for p in pickers)
    assert len(pickers) > 30  # the walk found the modules' forms, not none
