"""/api/plans/: the same capabilities and scopes as the pages, by session or by token."""

import pytest

from fazhi.core.auth import issue_api_token
from fazhi.plans import services


def token_for(user) -> dict:
    _, raw = issue_api_token(user, "测试")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def plan(staged, users):
    services.leave_unresolved(users.office, staged, "县综合执法局")
    return services.confirm_import(users.office, staged)


def test_list_detail_and_items(client, users, plan):
    auth = token_for(users.office)
    listed = client.get("/api/plans/", **auth).json()
    assert listed["count"] == 1 and listed["items"][0]["title"] == plan.title
    assert listed["items"][0]["item_count"] == 5 and listed["items"][0]["jurisdiction"] == "测试县"
    detail = client.get(f"/api/plans/{plan.pk}", **auth).json()
    assert [i["path"] for i in detail["items"]][:2] == [["一"], ["一", "1"]]
    items = client.get(f"/api/plans/{plan.pk}/items", **auth).json()
    second = items[1]
    assert second["parent_id"] == items[0]["id"]
    assert {(u["role"], u["name"], u["unit_name"], u["is_collective"]) for u in second["units"]} == {
        ("lead", "县司法局", "测试县司法局", False), ("cooperating", "县发改局", "测试县发展和改革局", False),
        ("responsible", "各镇", None, True)}
    assert second["deadlines"][0]["date"] == "2024-06-30"
    assert items[2]["targets"][0]["value"] == 98
    assert items[2]["units"][0]["needs_follow_up"] is True


def test_outsider_gets_404_and_empty_list(client, users, plan, staged):
    auth = token_for(users.outsider)
    assert client.get("/api/plans/", **auth).json()["count"] == 0
    assert client.get(f"/api/plans/{plan.pk}", **auth).status_code == 404
    assert client.get(f"/api/plans/{plan.pk}/items", **auth).status_code == 404
    assert client.get(f"/api/plans/imports/{staged.pk}", **auth).status_code == 404


def test_capabilities(client, users, staged):
    assert client.get("/api/plans/").status_code == 401
    leader = token_for(users.leader)
    assert client.get("/api/plans/", **leader).status_code == 200
    assert client.get(f"/api/plans/imports/{staged.pk}", **leader).status_code == 403
    assert client.post(f"/api/plans/imports/{staged.pk}/confirm", **leader).status_code == 403
    auditor = token_for(users.auditor)
    assert client.get("/api/plans/", **auditor).status_code == 403


def test_map_names_and_confirm(client, users, org, staged):
    auth = token_for(users.office)
    shown = client.get(f"/api/plans/imports/{staged.pk}", **auth).json()
    assert shown["unresolved"] == ["县综合执法局"]
    assert {n["name"]: n["status"] for n in shown["names"]}["各镇"] == "collective"
    refused = client.post(f"/api/plans/imports/{staged.pk}/confirm", **auth)
    assert refused.status_code == 400 and "县综合执法局" in refused.json()["detail"]
    wrong = client.post(f"/api/plans/imports/{staged.pk}/names", {"name": "县综合执法局",
                        "unit_id": org.other_justice.pk}, content_type="application/json", **auth)
    assert wrong.status_code == 400 and "不属于本行政区" in wrong.json()["detail"]
    mapped = client.post(f"/api/plans/imports/{staged.pk}/names", {"name": "县综合执法局", "unit_id": org.justice.pk},
                         content_type="application/json", **auth).json()
    assert mapped["unresolved"] == []
    created = client.post(f"/api/plans/imports/{staged.pk}/confirm", **auth)
    assert created.status_code == 201
    body = created.json()
    assert body["title"] == "测试县法治政府建设工作要点" and len(body["items"]) == 5


def test_upload_refuses_missing_input(client, users):
    auth = token_for(users.office)
    response = client.post("/api/plans/imports", {"text": ""}, **auth)
    assert response.status_code == 400 and "请上传方案文件或粘贴方案全文" in response.json()["detail"]


def test_upload_to_a_region_outside_scope_is_404(client, users, org):
    auth = token_for(users.office)
    response = client.post("/api/plans/imports", {"text": "一、总则", "jurisdiction_id": org.other_county.pk}, **auth)
    assert response.status_code == 404


def test_upload_pasted_text_then_confirm(client, users, org):
    from tests.plans.test_browser import PLAN_TEXT

    auth = token_for(users.office)
    response = client.post("/api/plans/imports", {"text": PLAN_TEXT}, **auth)
    assert response.status_code == 201
    body = response.json()
    assert body["jurisdiction_id"] == org.county.pk  # the caller's own jurisdiction by default
    assert body["extraction"]["title"] == "测试县2024年法治政府建设工作要点"
    assert body["unresolved"] == ["县综合执法局"]
    client.post(f"/api/plans/imports/{body['id']}/names", {"name": "县综合执法局", "leave_unresolved": True},
                content_type="application/json", **auth)
    plan = client.post(f"/api/plans/imports/{body['id']}/confirm", **auth).json()
    assert len(plan["items"]) == 5
