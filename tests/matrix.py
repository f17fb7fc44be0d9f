"""The permission matrix: every page and every API route, tried by every kind of caller.

`tests/test_permission_matrix.py` lists every URL pattern of the project (recursively through the
includes) and every operation of the ninja API (from its OpenAPI schema), and fails, naming them,
for routes that have no case here. So a new route cannot ship without saying who may call it.
For each case it then checks:

* anonymous               → a page redirects to the login page; an API route answers 401;
* signed in, no capability → 403 (the caller holds every capability except the route's own, with
                             data scope "all", so only the capability check can refuse);
* each `denied` user      → 403 or 404 (or, for a list, 200 without any of the `hidden` texts), and
                             for a write the `state` is unchanged afterwards;
* the `allowed` user      → 200/201/204/302 (not a redirect to the login page), and for a write the
                             `state` did change (so the state function really sees the write).

HOW TO ADD CASES FOR YOUR APP
Create `tests/<app>/matrix_cases.py` (it is found automatically) with:

    from tests.matrix import RouteCase

    CASES = [
        # A page: the URL name, the method, and a function that builds the record and returns the
        # URL kwargs. `org` and `users` are the fixtures of tests/conftest.py.
        RouteCase("plans:plan_detail", "GET",
                  make_object=lambda org, users: {"pk": make_plan(org, users).pk},
                  allowed="office", denied=["outsider"]),
        # An API route: the path exactly as in /api/openapi.json, and the capability it requires
        # (pages read it from `capability_required`; API handlers cannot be introspected).
        RouteCase("/api/plans/{plan_id}", "GET", capability=(cap.VIEW_PLANS, cap.MANAGE_PLANS),
                  make_object=lambda org, users: {"plan_id": make_plan(org, users).pk},
                  allowed="office", denied=["outsider"]),
        # A write: `data` is the form (or JSON) body, `state` reads what the write would change.
        RouteCase("plans:import_discard", "POST", make_object=..., data={"reason": "重复"},
                  state=lambda org, users, kw: Import.objects.get(pk=kw["pk"]).status,
                  allowed="office", denied=["outsider"]),
    ]
    EXEMPT = {"plans:some_route": "why it needs no permission check"}  # rare; say why

Callables: `make_object(org, users) -> dict` (URL kwargs; it may create records and extra users; keys
that are not parameters of the route are not put in the URL but are passed on), and `data`, `state`
and `hidden`, which take `(org, users, kwargs)`. `data` may also be a plain dict.

Users: the keys of the `users` fixture (sysadmin, secadmin, auditor, office, reporter, town_reporter,
leader, outsider) and the matrix's own EXTRA_USERS below, created when a case names them. A `denied`
user must hold the route's capability, otherwise the case tests the capability twice and the scope
never; pick an out-of-scope user who holds it (outsider_admin for units.manage, …), or create one
in `make_object` with `add_user(users, key, unit, roles, scope)`.

Other fields: `public=True` (anonymous gets 200/201/204/302; nothing else is checked),
`login_only=True` (any signed-in user may call it: no capability check), `unscoped="why"` (the
route reads or writes a global table, e.g. roles or the calendar: no out-of-scope user exists),
`denied_status` (only where a refusal is not 403/404, e.g. a form that rejects a unit outside the
caller's scope with 400; the `state` check still proves nothing changed), `changes=False` (an
allowed write that may leave `state` as it was), `label` (tells two cases of one route apart).
"""

from __future__ import annotations

import functools
import importlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

TESTS_DIR = Path(__file__).resolve().parent

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
OK = (200, 201, 204, 302)
REFUSED = (403, 404)

# Out-of-scope holders of each administrative capability, and a county-level administrator.
# key: (attribute of the `org` fixture, roles, data scope)
EXTRA_USERS: dict[str, tuple[str, list[str], str]] = {
    "county_admin": ("county", ["sysadmin"], "jurisdiction"),
    "county_secadmin": ("county", ["secadmin"], "jurisdiction"),
    "county_auditor": ("county", ["auditor"], "jurisdiction"),
    "outsider_admin": ("other_county", ["sysadmin"], "jurisdiction"),
    "outsider_secadmin": ("other_county", ["secadmin"], "jurisdiction"),
    "outsider_auditor": ("other_county", ["auditor"], "jurisdiction"),
    "outsider_reporter": ("other_justice", ["reporter"], "unit"),
}

Ctx = Callable[[SimpleNamespace, SimpleNamespace, dict], Any]


@dataclass(frozen=True)
class RouteCase:
    route: str
    method: str = "GET"
    make_object: Callable[[SimpleNamespace, SimpleNamespace], dict] | None = None
    allowed: str | None = None
    denied: Sequence[str] = ()
    public: bool = False
    data: dict | Ctx | None = None
    state: Ctx | None = None
    hidden: Ctx | None = None
    capability: str | tuple[str, ...] | None = None
    login_only: bool = False
    unscoped: str = ""
    denied_status: tuple[int, ...] = REFUSED
    changes: bool = True
    json: bool | None = None
    label: str = ""
    source: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", self.method.upper())
        where = f"{self.name}: "
        if self.public:
            return
        if self.allowed is None:
            raise ValueError(where + "name the user who may call it: allowed=\"office\"")
        if not self.denied and not self.unscoped:
            raise ValueError(where + "name out-of-scope users (denied=[\"outsider\"]) or say why nothing is "
                             "scoped (unscoped=\"…\")")
        if self.method in WRITE_METHODS and self.state is None:
            raise ValueError(where + "a write needs state=lambda org, users, kw: … to prove refusals change nothing")
        if self.is_api and self.capability is None and not self.login_only:
            raise ValueError(where + "say which capability the API route requires (capability=…) or login_only=True")

    @property
    def is_api(self) -> bool:
        return self.route.startswith("/api/")

    @property
    def key(self) -> str:
        """The route this case covers: the URL name of a page, "METHOD /api/path" of an API operation."""
        return f"{self.method} {self.route}" if self.is_api else self.route

    @property
    def name(self) -> str:
        text = self.key if self.is_api else f"{self.method} {self.route}"
        return f"{text} [{self.label}]" if self.label else text

    def checks(self) -> list[str]:
        if self.public:
            return ["public"]
        who = ["anonymous"]
        if not self.login_only:
            who.append("no_capability")
        who += [f"denied:{key}" for key in self.denied]
        who.append(f"allowed:{self.allowed}")
        return who


def add_user(users: SimpleNamespace, key: str, unit, roles: list[str], scope: str = "jurisdiction"):
    """Create a user for a case and make it available under `key` (for allowed/denied)."""
    from fazhi.core import services
    from fazhi.core.models import Role

    account = services.create_user(None, username=f"m_{key}", password="Test@Pass1", unit=unit, data_scope=scope)
    # Role.objects directly: a matrix user may need a combination the 三员分立 check refuses in the UI.
    account.roles.set(Role.objects.filter(code__in=roles))
    setattr(users, key, account)
    return account


def user_for(key: str, org: SimpleNamespace, users: SimpleNamespace):
    if not hasattr(users, key):
        if key not in EXTRA_USERS:
            raise LookupError(f"no user {key!r}: use a key of the users fixture, of EXTRA_USERS, or add_user()")
        unit, roles, scope = EXTRA_USERS[key]
        add_user(users, key, getattr(org, unit), roles, scope)
    return getattr(users, key)


# ------------------------------------------------------------------------------------------- discovery


def case_modules() -> list[str]:
    """Every `tests/<app>/matrix_cases.py`, as module names, in a stable order."""
    return sorted(
        f"tests.{path.parent.name}.matrix_cases" for path in TESTS_DIR.glob("*/matrix_cases.py")
    )


def load() -> tuple[list[RouteCase], dict[str, str]]:
    """All cases and exemptions of all apps."""
    cases: list[RouteCase] = []
    exempt: dict[str, str] = {}
    for name in case_modules():
        module = importlib.import_module(name)
        for case in getattr(module, "CASES", []):
            object.__setattr__(case, "source", name)
            cases.append(case)
        exempt.update(getattr(module, "EXEMPT", {}))
    return cases, exempt


# ------------------------------------------------------------------------------------------- routes


@dataclass(frozen=True)
class Route:
    key: str  # as RouteCase.key
    app: str
    params: tuple[str, ...]
    capabilities: tuple[str, ...] | None  # a page's `capability_required`, None if not declared
    method: str = ""  # API operations only

    def skeleton(self) -> str:
        """The RouteCase line to add, ready to fill in."""
        kwargs = ", ".join(f'"{p}": ...' for p in self.params)
        make = f"make_object=lambda org, users: {{{kwargs}}}, " if self.params else ""
        if self.method:
            route, method = self.key.split(" ", 1)[1], self.method
            extra = "capability=..., "
        else:
            route, method = self.key, "GET"
            extra = ""
        note = f"  # view requires one of: {', '.join(self.capabilities)}" if self.capabilities else ""
        return f'    RouteCase("{route}", "{method}", {make}{extra}allowed="...", denied=["..."]),{note}'


def _converters_to_braces(route: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def page_routes() -> tuple[list[Route], list[str]]:
    """Named Django URL patterns outside the ninja API, and unnamed patterns (an error by themselves)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    routes: list[Route] = []
    unnamed: list[str] = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for entry in patterns:
            text = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, text, inner)
            elif isinstance(entry, URLPattern):
                if getattr(entry.callback, "__module__", "") == "ninja.operation":
                    continue  # API operations are listed from the schema, with their methods
                if not entry.name:
                    unnamed.append("/" + text)
                    continue
                app = namespace.split(":")[0] if namespace else "core"
                app = "core" if app == "api" else app  # the API shell (schema, docs) belongs to core
                params = tuple(getattr(entry.pattern, "converters", {}) or entry.pattern.regex.groupindex)
                caps = getattr(entry.callback, "required_capabilities", None)
                routes.append(Route(f"{namespace}{entry.name}", app, params, caps))

    walk(get_resolver().url_patterns, "", "")
    return routes, unnamed


def api_routes() -> list[Route]:
    from fazhi.api import api

    routes = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        app = path.split("/")[2]
        params = tuple(p.strip("{}") for p in path.split("/") if p.startswith("{"))
        for method in operations:
            routes.append(Route(f"{method.upper()} {path}", app, params, None, method.upper()))
    return routes


def api_patterns_missing_from_schema() -> list[str]:
    """ninja operations whose path the schema does not show (include_in_schema=False): not checkable."""
    from django.urls import URLPattern, URLResolver, get_resolver

    from fazhi.api import api

    schema_paths = set(api.get_openapi_schema()["paths"])
    missing = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif getattr(entry.callback, "__module__", "") == "ninja.operation" and isinstance(entry, URLPattern):
                path = "/" + _converters_to_braces(prefix + str(entry.pattern))
                if path not in schema_paths:
                    missing.append(path)

    walk(get_resolver().url_patterns, "")
    return missing


# ------------------------------------------------------------------------------------------- running


def _call(case: RouteCase, org, users, kw: dict, fn):
    return fn(org, users, kw) if callable(fn) else fn


def url_of(case: RouteCase, kw: dict) -> str:
    """The URL; keys of `kw` that are not parameters of the route only travel to data/state/hidden."""
    from django.urls import reverse

    if case.is_api:
        return case.route.format(**kw)
    params = _page_params().get(case.route, ())
    return reverse(case.route, kwargs={k: v for k, v in kw.items() if k in params} or None)


def send(client, case: RouteCase, url: str, body: dict | None):
    method = case.method.lower()
    as_json = case.json if case.json is not None else case.is_api
    if case.method == "GET":
        return client.get(url, body or {})
    if as_json:
        return getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")
    if case.method == "POST":
        return client.post(url, body or {})
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    return getattr(client, method)(url, encode_multipart(BOUNDARY, body or {}), content_type=MULTIPART_CONTENT)


def response_text(response) -> str:
    if getattr(response, "streaming", False):
        return ""
    text = response.content.decode("utf-8", "replace")
    if "json" in response.get("Content-Type", ""):
        try:  # JSON escapes non-ASCII characters; compare on the decoded text
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            return text
    return text


def required_capabilities(case: RouteCase) -> tuple[str, ...]:
    """The capabilities that open the route: the case's own, else the page's `capability_required`."""
    if case.capability is not None:
        return (case.capability,) if isinstance(case.capability, str) else tuple(case.capability)
    return _page_capabilities().get(case.route, ())


@functools.cache
def _page_params() -> dict[str, tuple[str, ...]]:
    return {route.key: route.params for route in page_routes()[0]}


@functools.cache
def _page_capabilities() -> dict[str, tuple[str, ...]]:
    return {route.key: tuple(route.capabilities or ()) for route in page_routes()[0]}


def make_no_capability_user(users, base_user, capabilities: tuple[str, ...]):
    """A user holding every capability except `capabilities`, seeing all data: only the check can refuse."""
    from fazhi.core import services
    from fazhi.core.models import Role
    from fazhi.core.modules import capability_labels

    role = Role.objects.create(code="matrix_all_but", name="矩阵：除本权限外的全部权限",
                               capabilities=sorted(set(capability_labels()) - set(capabilities)))
    account = services.create_user(None, username="m_nocap", password="Test@Pass1", unit=base_user.unit,
                                   data_scope="all")
    account.roles.set([role])
    users.no_capability = account
    return account


def login_url_prefix() -> str:
    from django.conf import settings
    from django.shortcuts import resolve_url

    return resolve_url(settings.LOGIN_URL)


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(login_url_prefix())


def run(case: RouteCase, who: str, client, org, users) -> None:
    """Run one check of one case; raises AssertionError with a message that says what went wrong."""
    kw = case.make_object(org, users) if case.make_object else {}
    url = url_of(case, kw)
    body = _call(case, org, users, kw, case.data)

    def snapshot():
        return case.state(org, users, kw) if case.state else None

    def as_user(account):
        client.logout()
        if account is not None:
            client.force_login(account)
        return send(client, case, url, body)

    where = f"{case.name} as {who} ({url})"
    if who == "public":
        response = as_user(None)
        # (logout sends everyone to the login page, so a redirect there is an answer too)
        assert response.status_code in OK, f"{where}: public route answered {response.status_code}"
        return

    before = snapshot()
    if who == "anonymous":
        response = as_user(None)
        if case.is_api:
            assert response.status_code == 401, f"{where}: expected 401, got {response.status_code}"
        else:
            assert is_login_redirect(response), (
                f"{where}: expected a redirect to the login page, got {response.status_code} "
                f"{response.get('Location', '')}")
        assert snapshot() == before, f"{where}: an anonymous request changed the state"
        return

    if who == "no_capability":
        needed = required_capabilities(case)
        assert needed, (f"{case.name}: the route declares no capability; decorate the view with "
                        f"capability_required(...), give capability=…, or mark the case login_only=True")
        base = user_for(case.allowed, org, users)
        account = make_no_capability_user(users, base, needed)
        response = as_user(account)
        assert response.status_code == 403, (
            f"{where}: a user with every capability except {', '.join(needed)} got {response.status_code}")
        assert snapshot() == before, f"{where}: a refused request changed the state"
        return

    role, key = who.split(":", 1)
    account = user_for(key, org, users)
    if role == "denied":
        needed = required_capabilities(case)
        if needed and not case.login_only:
            assert account.is_superuser or any(account.can(c) for c in needed), (
                f"{case.name}: denied user {key!r} lacks {', '.join(needed)}, so it tests the capability, not "
                f"the scope; pick an out-of-scope user who holds it (see EXTRA_USERS)")
        response = as_user(account)
        hidden = _call(case, org, users, kw, case.hidden) if case.hidden else None
        if response.status_code == 200 and hidden:
            text = response_text(response)
            leaked = [h for h in hidden if h in text]
            assert not leaked, f"{where}: an out-of-scope user sees {leaked}"
        else:
            assert response.status_code in case.denied_status, (
                f"{where}: expected {' or '.join(map(str, case.denied_status))} for an out-of-scope user, got "
                f"{response.status_code}")
        assert snapshot() == before, f"{where}: an out-of-scope user changed the record"
        return

    response = as_user(account)
    assert response.status_code in OK and not is_login_redirect(response), (
        f"{where}: the allowed user got {response.status_code}: {response_text(response)[:300]}")
    if case.method in WRITE_METHODS and case.changes:
        assert snapshot() != before, f"{where}: the allowed write did not change the state (is `state` right?)"
