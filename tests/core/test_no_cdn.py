"""Nothing loads from outside: every page and every stylesheet refers only to this server.

Government networks have no internet, so one CDN link is a broken page there. The walk covers every
URL pattern that needs no argument (new pages join by themselves); pages that need an object id are
covered by the permission-matrix tests.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

# src=, href=, action=, srcset=, url( and @import pointing at http(s):// or a protocol-relative //.
EXTERNAL = re.compile(
    r"""(?:\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*|url\(\s*["']?\s*|@import\s+["'])"""
    r"""((?:https?:)?//[^\s"'()<>]+)""",
    re.IGNORECASE,
)
OWN_HOSTS = ("//testserver/", "//testserver:")
# GET on these ends the session the walk is using.
SKIP_NAMES = {"core:logout"}
# JSON endpoints load nothing; the API's one HTML page (its docs) is in EXTRA_PATHS.
SKIP_PREFIXES = ("/api/",)
EXTRA_PATHS = ["/portal/", "/api/docs"]


def _route_text(pattern) -> str | None:
    """The literal path of a pattern, or None when it takes arguments."""
    if isinstance(pattern, RoutePattern):
        return None if pattern.converters else str(pattern._route)
    if isinstance(pattern, RegexPattern):
        regex = pattern._regex
        if re.search(r"(?<!\\)[(\[*+?{|]", regex.strip("^$")) or pattern.regex.groups:
            return None
        return regex.lstrip("^").rstrip("$").replace("\\", "")
    return None


def argument_free_paths() -> list[tuple[str, str]]:
    """(path, name) of every URL pattern reachable without arguments."""
    found: list[tuple[str, str]] = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for entry in patterns:
            text = _route_text(entry.pattern)
            if text is None:
                continue
            if isinstance(entry, URLResolver):
                inner_ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, prefix + text, inner_ns)
            elif isinstance(entry, URLPattern):
                found.append((prefix + text, f"{namespace}{entry.name or ''}"))

    walk(get_resolver().url_patterns, "/", "")
    seen: dict[str, str] = {}
    for path, name in found:
        seen.setdefault(path, name)
    return sorted(seen.items())


def _is_own(url: str) -> bool:
    return ("//" + url.split("//", 1)[1]).startswith(OWN_HOSTS)


def external_references(text: str) -> list[str]:
    return sorted({m.group(1) for m in EXTERNAL.finditer(text) if not _is_own(m.group(1))})


def test_the_pattern_finds_what_it_should():
    assert external_references('<script src="https://cdn.example.com/x.js">') == ["https://cdn.example.com/x.js"]
    assert external_references("<link href='//fonts.example.com/a.css'>") == ["//fonts.example.com/a.css"]
    assert external_references("a { background: url( \"http://x.test/i.png\") }") == ["http://x.test/i.png"]
    assert external_references('<a href="http://testserver/units/">') == []
    assert external_references('<img src="/static/a.png"> url(data:image/svg+xml;http://www.w3.org/2000/svg)') == []


def test_walk_covers_the_foundation_pages():
    paths = dict(argument_free_paths())
    for expected in ("/units/", "/users/", "/roles/", "/sessions/", "/logs/operations/", "/logs/logins/"):
        assert expected in paths


@pytest.mark.parametrize("who", ["superuser", "office"])
def test_no_page_refers_outside(who, users, org, client, django_user_model):
    if who == "superuser":
        user = django_user_model.objects.create_superuser("t_root", "root@example.com", "Root#Pass2026")
    else:
        user = users.office
    client.force_login(user)
    problems: list[str] = []
    checked = 0
    for path, name in argument_free_paths():
        if name in SKIP_NAMES or path.startswith(SKIP_PREFIXES):
            continue
        problems.extend(_check(client, path))
        checked += 1
    for path in EXTRA_PATHS:
        problems.extend(_check(client, path))
    assert checked > 10
    assert not problems, "\n".join(problems)


def _check(client, path: str) -> list[str]:
    response = client.get(path, follow=True)
    if response.status_code >= 500:
        return [f"{path}: HTTP {response.status_code}"]
    if "html" not in response.get("Content-Type", "") or getattr(response, "streaming", False):
        return []
    return [f"{path}: {ref}" for ref in external_references(response.content.decode("utf-8", "replace"))]


def test_stylesheets_load_nothing_from_outside():
    root = Path(settings.BASE_DIR) / "static"
    sheets = sorted(root.rglob("*.css"))
    assert any("bootstrap-icons" in str(p) for p in sheets)
    problems = [f"{p.relative_to(root)}: {ref}" for p in sheets
                for ref in external_references(p.read_text("utf-8", "replace"))]
    assert not problems, "\n".join(problems)


def test_icon_fonts_are_local():
    css = (Path(settings.BASE_DIR) / "static/vendor/bootstrap-icons/bootstrap-icons.min.css").read_text("utf-8")
    fonts = re.findall(r"url\(\s*[\"']?([^\"')?#]+)", css)
    assert fonts
    for font in fonts:
        assert (Path(settings.BASE_DIR) / "static/vendor/bootstrap-icons" / font).exists(), font
