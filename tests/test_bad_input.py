"""Bad input never gets a 500: a NUL character, an over-long text and a huge number, sent to every page and
every API operation (issue #10, 4).

Every route has a permission-matrix case (tests/matrix.py), with the record it needs and the body of a
valid request; so this test reaches every form and API operation, new ones included, as the user the
case allows. For each field of that body (and the usual filters of a list) it sends the three values:

* a NUL character → exactly 400 (refused at the edge, in Chinese), and the case's state unchanged;
* a 5,000-character text, and integers of 2^63 → any answer below 500 (a form's error, 400, 422, …);
* the record's ids in the URL replaced by 2^63 → any answer below 500.

A write gets one bad field per request (a form may stop at its first invalid field); a read gets all its
filters bad at once, one request per value.

The suite runs on SQLite and on PostgreSQL (CI), which is where a NUL or an over-long text used to break.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest

from tests import matrix

CASES, _ = matrix.load()

NUL = "甲\x00乙"
LONG = "长" * 5000
HUGE = 2**63  # one past the largest 64-bit integer
# Filters and paging a list may read besides the case's own fields.
PROBED_PARAMS = ("q", "page", "per_page", "sort", "offset", "limit", "state", "year")


@functools.cache
def _api_query_params() -> dict[str, tuple[str, ...]]:
    from fazhi.api import api

    params = {}
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            names = tuple(p["name"] for p in operation.get("parameters", []) if p["in"] == "query")
            params[f"{method.upper()} {path}"] = names
    return params


def _variants(case: matrix.RouteCase, body: dict) -> list[tuple[str, dict]]:
    """(what, body) pairs: each field of the body, and for a read each probed filter, set to each bad value."""
    fields = [k for k, v in body.items() if not hasattr(v, "read")]  # uploads keep their file
    if case.method == "GET":
        fields += [p for p in (_api_query_params().get(case.key, ()) if case.is_api else PROBED_PARAMS)
                   if p not in fields]
    fields = fields or ["probe"]
    as_json = case.json if case.json is not None else (case.is_api and case.method != "GET")
    huge = HUGE if as_json else str(HUGE)
    values = (("nul", NUL), ("long", LONG), ("huge", huge))
    if case.method == "GET":
        # A read applies its filters independently: all of them bad at once, one request per value.
        return [(f"{what}:{','.join(fields)}", {**body, **dict.fromkeys(fields, value)}) for what, value in values]
    # A write may stop at the first invalid field: one field at a time, so each reaches the database.
    return [(f"{what}:{name}", {**body, name: value}) for name in fields for what, value in values]


def _huge_path_kwargs(case: matrix.RouteCase, kw: dict) -> dict | None:
    """The record's URL with each integer id replaced by 2^63, or None if the route takes no integer."""
    params = set(matrix._page_params().get(case.route, ())) if not case.is_api else {
        p.strip("{}") for p in case.route.split("/") if p.startswith("{")}
    ints = [k for k, v in kw.items() if k in params and isinstance(v, int)]
    return {**kw, **dict.fromkeys(ints, HUGE)} if ints else None


def _account(case: matrix.RouteCase, org, users):
    return None if case.public else matrix.user_for(case.allowed, org, users)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_refused_without_a_server_error(case, client, org, users):
    kw = case.make_object(org, users) if case.make_object else {}
    url = matrix.url_of(case, kw)
    account = _account(case, org, users)
    if account is not None:
        client.force_login(account)

    def body() -> dict[str, Any]:
        data = matrix._call(case, org, users, kw, case.data)  # fresh each time: uploads are read once
        return dict(data or {})

    def state():
        return case.state(org, users, kw) if case.state else None

    failures = []
    for what, data in _variants(case, body()):
        before = state()
        response = matrix.send(client, case, url, data)
        where = f"{what} → {response.status_code}"
        if what.startswith("nul:"):
            if response.status_code != 400 or "空字符" not in matrix.response_text(response):
                failures.append(f"{where} (expected the edge's 400)")
            elif state() != before:
                failures.append(f"{where}: refused, yet the state changed")
        elif response.status_code >= 500:
            failures.append(where)
    huge_kw = _huge_path_kwargs(case, kw)
    if huge_kw is not None:
        response = matrix.send(client, case, matrix.url_of(case, huge_kw), body())
        if response.status_code >= 500:
            failures.append(f"id 2^63 in the path → {response.status_code}")
    assert not failures, f"{case.name} ({url}): " + "; ".join(failures)
