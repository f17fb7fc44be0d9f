"""Every route has a permission case, and every case holds: see tests/matrix.py for the format.

A route without a case fails `test_every_route_has_a_case[<app>]`, whose message lists the lines to
add to `tests/<app>/matrix_cases.py`.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests import matrix

CASES, EXEMPT = matrix.load()


def _apps() -> list[str]:
    from django.apps import apps

    return [config.label for config in apps.get_app_configs() if config.name.startswith("fazhi.")]


def _routes():
    pages, _ = matrix.page_routes()
    return pages + matrix.api_routes()


@pytest.mark.parametrize("app", _apps())
def test_every_route_has_a_case(app):
    covered = {case.key for case in CASES}
    missing = [r for r in _routes() if r.app == app and r.key not in covered and r.key not in EXEMPT]
    if missing:
        lines = "\n".join(route.skeleton() for route in missing)
        pytest.fail(
            f"{len(missing)} route(s) of app {app!r} have no permission-matrix case. "
            f"Add to tests/{app}/matrix_cases.py (format: tests/matrix.py):\n\n"
            f"from tests.matrix import RouteCase\n\nCASES = [\n{lines}\n]\n\n"
            f"Put the method the route serves (POST for a form handler), give writes data= and state=, and mark "
            f"pages anyone may open with public=True.",
            pytrace=False,
        )


def test_every_pattern_is_named_and_every_api_route_in_the_schema():
    _, unnamed = matrix.page_routes()
    assert not unnamed, f"URL patterns without a name cannot be matched to a case: {unnamed}"
    hidden = matrix.api_patterns_missing_from_schema()
    assert not hidden, f"API routes missing from the OpenAPI schema (include_in_schema=False?): {hidden}"


def test_cases_and_exemptions_name_existing_routes():
    keys = {route.key for route in _routes()}
    stale = sorted({f"{case.key} ({case.source})" for case in CASES if case.key not in keys})
    stale += sorted(f"{key} (EXEMPT)" for key in EXEMPT if key not in keys)
    assert not stale, f"cases for routes that do not exist (renamed? method wrong?): {stale}"


def test_case_ids_are_unique():
    twice = [name for name, n in Counter(case.name for case in CASES).items() if n > 1]
    assert not twice, f"give these cases a label=…: {twice}"


def test_the_matrix_has_cases():
    # Discovery must find the core cases at least; an empty matrix would pass everything.
    assert "tests.core.matrix_cases" in matrix.case_modules()
    assert len(CASES) > 40


CHECKS = [(case, who) for case in CASES for who in case.checks()]


@pytest.mark.parametrize(("case", "who"), CHECKS, ids=[f"{case.name} | {who}" for case, who in CHECKS])
def test_permission(case, who, client, org, users):
    matrix.run(case, who, client, org, users)


# The matrix must catch what it is for: these cases are deliberately wrong and each check must fail.


def _justice(org, users):
    return {"pk": org.justice.pk}


def test_matrix_catches_an_in_scope_user_declared_denied(client, org, users):
    wrong = matrix.RouteCase("core:unit_detail", make_object=_justice, allowed="leader", denied=["county_admin"])
    with pytest.raises(AssertionError, match="expected 403 or 404"):
        matrix.run(wrong, "denied:county_admin", client, org, users)


def test_matrix_catches_a_list_that_shows_too_much(client, org, users):
    wrong = matrix.RouteCase("core:unit_list", allowed="leader", denied=["county_admin"],
                             hidden=lambda org, users, kw: ["测试县司法局"])
    with pytest.raises(AssertionError, match="sees"):
        matrix.run(wrong, "denied:county_admin", client, org, users)


def test_matrix_catches_a_missing_capability_check(client, org, users):
    # The calendar page only needs a login; claiming it needs calendar.manage must fail.
    wrong = matrix.RouteCase("core:calendar", allowed="office", capability="calendar.manage", unscoped="全国")
    with pytest.raises(AssertionError, match="every capability except"):
        matrix.run(wrong, "no_capability", client, org, users)


def test_matrix_catches_a_state_function_that_sees_nothing(client, org, users):
    wrong = matrix.RouteCase("core:unit_rename", "POST", make_object=_justice, allowed="county_admin",
                             denied=["outsider_admin"], data={"name": "测试县司法行政局"},
                             state=lambda org, users, kw: "constant")
    with pytest.raises(AssertionError, match="did not change"):
        matrix.run(wrong, "allowed:county_admin", client, org, users)


def test_matrix_refuses_a_denied_user_without_the_capability(client, org, users):
    wrong = matrix.RouteCase("core:unit_rename", "POST", make_object=_justice, allowed="county_admin",
                             denied=["outsider"], data={"name": "x"}, state=lambda org, users, kw: 1)
    with pytest.raises(AssertionError, match="lacks units.manage"):
        matrix.run(wrong, "denied:outsider", client, org, users)


def test_a_write_case_without_state_is_refused():
    with pytest.raises(ValueError, match="state="):
        matrix.RouteCase("core:unit_rename", "POST", allowed="county_admin", denied=["outsider_admin"])
