"""Bad input is refused at the edge with a Chinese 400/422, before it reaches the database (issue #10, 4).

The broad sweep over every route is tests/test_bad_input.py; these are the reported reproductions.
"""

import pytest

from fazhi.core.models import LoginLog
from tests.core.test_api import bearer

HUGE = str(2**63)


def _list_operations() -> list[str]:
    from fazhi.api import api

    schema = api.get_openapi_schema(path_prefix="/api")
    return sorted(
        path for path, ops in schema["paths"].items()
        if "get" in ops and any(p["name"] == "offset" for p in ops["get"].get("parameters", []))
    )


def test_nul_in_a_login_name_is_refused_and_not_logged(client, users, login):
    response = client.post("/login/", {"username": "admin\x00", "password": "x"})
    assert response.status_code == 400 and "空字符" in response.content.decode()
    assert not LoginLog.objects.exists()
    # The auditor's export of the login log keeps working (it broke on the stored NUL).
    export = login(users.auditor).get("/logs/logins/", {"export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_login_name_over_150_characters_is_refused_and_not_logged(client, db):
    too_long = client.post("/login/", {"username": "a" * 151, "password": "x"})
    assert too_long.status_code == 400 and "最多 150 个字符" in too_long.content.decode()
    assert not LoginLog.objects.exists()
    at_limit = client.post("/login/", {"username": "a" * 150, "password": "x"})
    assert at_limit.status_code == 401  # an ordinary wrong login, logged as such
    assert LoginLog.objects.get().username == "a" * 150


@pytest.mark.parametrize("param", ["offset", "limit"])
def test_every_list_api_bounds_its_paging(client, users, param):
    lists = _list_operations()
    assert len(lists) >= 8  # units, users, logs, plans, tasks, milestones, reports, orders, documents …
    auth = bearer(users.office)
    for path in lists:
        url = path.replace("{plan_id}", "1")
        # Beyond 64 bits: refused at the edge, whatever the parameter.
        response = client.get(url, {param: HUGE}, **auth)
        assert response.status_code == 400, f"{url}?{param}=2^63 → {response.status_code}"
        assert response.json()["detail"] == f"“{param}”的数值超出允许范围"
        # Within 64 bits but beyond the paging bounds: ninja's validation, in Chinese.
        response = client.get(url, {param: str(2**40)}, **auth)
        assert response.status_code == 422, f"{url}?{param}=2^40 → {response.status_code}"
        assert response.json()["detail"].startswith(f"请求参数有误：{param}：数值过大")


def test_nul_in_api_filters_and_text_fields(client, users):
    auth = bearer(users.office)
    response = client.get("/api/core/units", {"q": "司法\x00"}, **auth)
    assert response.status_code == 400 and response.json()["detail"] == "“q”中含有空字符（\\0），无法处理；请删除后重试"
    response = client.post("/api/core/units", {"name": "新单位\x00", "kind": "department", "parent_id": 1},
                           content_type="application/json", **auth)
    assert response.status_code == 400 and "“name”中含有空字符" in response.json()["detail"]


def test_huge_integer_in_a_json_body(client, users):
    response = client.post("/api/core/units", {"name": "新单位", "kind": "department", "parent_id": 2**63},
                           content_type="application/json", **bearer(users.sysadmin))
    assert response.status_code == 400 and "超出允许范围" in response.json()["detail"]


def _database_refuses(*args, **kwargs):
    # What PostgreSQL raises for a text longer than its column ("value too long for type character varying").
    from django.db import DataError

    raise DataError("value too long for type character varying(100)")


def test_what_the_database_refuses_is_a_400_on_pages_and_api(client, users, org, monkeypatch):
    from fazhi.core import services
    from fazhi.core.edge import DATABASE_REFUSED

    monkeypatch.setattr(services, "rename_unit", _database_refuses)
    monkeypatch.setattr(services, "create_unit", _database_refuses)
    client.force_login(users.sysadmin)
    page = client.post(f"/units/{org.reform.pk}/rename/", {"name": "测试县发改委"})
    assert page.status_code == 400 and DATABASE_REFUSED in page.content.decode()
    api = client.post("/api/core/units", {"name": "新单位", "kind": "department", "parent_id": org.county.pk},
                      content_type="application/json", **bearer(users.sysadmin))
    assert api.status_code == 400 and api.json()["detail"] == DATABASE_REFUSED
