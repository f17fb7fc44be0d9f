"""Property-based fuzzing of every API operation from its OpenAPI schema (schemathesis): no 5xx, ever.

schemathesis generates, for each operation of /api/openapi.json, requests that follow the schema
(positive) and requests that break it (negative: wrong types, missing fields, out-of-range values), as
an office user with an API token. Path ids are either generated or those of real records (made by the
operation's permission-matrix case), so the handlers run, not only their 404s. Any 5xx fails the test,
listing each operation and a reproduction; the counts are printed (`-s`) and kept as test properties.

The budget is small (FAZHI_FUZZ_EXAMPLES per operation and mode, derandomized, no example database), so
the test is repeatable and fits in the suite on both databases; raise it to fuzz harder by hand. The
operations are fuzzed in CHUNKS tests (every CHUNKS-th operation by method and path), so xdist spreads
them over its workers; together they cover every operation.
"""

from __future__ import annotations

import copy
import functools
import os
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from fazhi.core.auth import issue_api_token
from tests import matrix

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is a dev dependency: pip install -e '.[dev]'")
requests = pytest.importorskip("requests")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

EXAMPLES = int(os.environ.get("FAZHI_FUZZ_EXAMPLES", "5"))
MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)


@functools.cache
def _schema():
    """The API's schema without its security schemes: the fuzzer must not send (broken) credentials of its
    own; every request carries the office's token instead."""
    from fazhi.api import api

    raw = copy.deepcopy(api.get_openapi_schema(path_prefix="/api"))
    raw.get("components", {}).pop("securitySchemes", None)
    raw.pop("security", None)
    for operations in raw["paths"].values():
        for operation in operations.values():
            operation.pop("security", None)
    return schemathesis.openapi.from_dict(raw)


def _real_path_ids(org, users, wanted: set[str]) -> dict[str, dict]:
    """For each operation ("METHOD /api/path") in `wanted`, the path parameters of a record its matrix
    case makes."""
    cases, _ = matrix.load()
    ids = {}
    for case in cases:
        if not case.is_api or case.key in ids or case.key not in wanted or case.make_object is None:
            continue
        params = {p.strip("{}") for p in case.route.split("/") if p.startswith("{")}
        try:
            with transaction.atomic():  # a case's extra users may collide with another's: skip that one
                kw = case.make_object(org, users)
        except IntegrityError:
            continue
        ids[case.key] = {k: v for k, v in kw.items() if k in params}
    return ids


def _send(client: Client, case, headers: dict[str, str]):
    """The generated request, prepared by `requests` (body, multipart boundary, query), sent in-process."""
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    kwargs.pop("cookies", None)
    kwargs["headers"] = {k: v for k, v in kwargs.get("headers", {}).items() if k.lower() == "content-type"}
    prepared = requests.Request(**kwargs).prepare()
    url = urlsplit(prepared.url)
    target = url.path + (f"?{url.query}" if url.query else "")
    body = prepared.body or b""
    content_type = prepared.headers.get("Content-Type", "application/octet-stream")
    return client.generic(prepared.method, target, data=body, content_type=content_type, headers=headers)


def _key(operation) -> str:
    return f"{operation.method.upper()} {operation.path}"


# The operations are split into chunks, one test each, so xdist spreads the fuzzing over its workers;
# each chunk builds only its own operations' records.
CHUNKS = 4


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_fuzz_every_api_operation(chunk, org, users, record_property):
    _, raw_token = issue_api_token(users.office, "模糊测试")
    headers = {"X-API-Token": raw_token}
    client = Client(raise_request_exception=False)
    every_operation = sorted((result.ok() for result in _schema().get_all_operations()), key=_key)
    assert len(every_operation) > 20
    operations = every_operation[chunk::CHUNKS]
    real_ids = _real_path_ids(org, users, {_key(operation) for operation in operations})
    counts: Counter[str] = Counter()
    server_errors: list[str] = []

    def fuzz_operation(operation) -> None:
        key = _key(operation)
        strategies = []
        for mode in MODES:
            strategies.append(operation.as_strategy(generation_mode=mode))
            if real_ids.get(key):
                strategies.append(operation.as_strategy(generation_mode=mode, path_parameters=real_ids[key]))

        @settings(max_examples=EXAMPLES * len(strategies), deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=st.one_of(strategies))
        def fuzz(case):
            response = _send(client, case, headers)
            counts["cases"] += 1
            counts[f"status {response.status_code // 100}xx"] += 1
            if response.status_code >= 500:
                server_errors.append(f"{key} → {response.status_code}: {case.as_curl_command()}")

        fuzz()
        counts["operations"] += 1

    for operation in operations:
        fuzz_operation(operation)

    summary = (f"API fuzz, chunk {chunk + 1}/{CHUNKS}: {counts['operations']} operations, {counts['cases']} cases, "
               f"{len(server_errors)} server errors; " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())
                                                                 if k.startswith("status")))
    print(summary)
    record_property("api_fuzz", summary)
    assert counts["operations"] == len(operations) and counts["cases"] >= counts["operations"]
    assert not server_errors, f"{len(server_errors)} server error(s):\n" + "\n".join(server_errors[:20])
