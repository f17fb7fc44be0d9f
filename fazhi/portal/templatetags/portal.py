"""The portal's navigation: every module's public sections (catalogues included) and the case lookup."""

from __future__ import annotations

from django import template
from django.urls import reverse

from fazhi.portal import catalogue

register = template.Library()


@register.simple_tag
def portal_nav() -> list[tuple[str, str]]:
    """(label, url) of each declared portal section, then the public case lookup."""
    return [(s.label, s.url) for s in catalogue.sections()] + [("办理进度查询", reverse("portal:lookup"))]
