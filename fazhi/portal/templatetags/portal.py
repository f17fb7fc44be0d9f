"""The portal's navigation: every module's public sections (catalogues included) and the case lookup."""

from __future__ import annotations

from django import template

from fazhi.portal import catalogue

register = template.Library()


@register.simple_tag
def portal_nav() -> list[tuple[str, str]]:
    """(label, url) of each declared portal section."""
    return [(s.label, s.url) for s in catalogue.sections()]
