"""/api/normdocs/: scoped documents, transitions with the same gates, rates."""

from __future__ import annotations

import datetime

from fazhi.normdocs.models import State

D = datetime.date


def test_list_and_detail_are_scoped(login, users, make_doc, org):
    mine, other = make_doc(title="本县文件"), make_doc(title="乙县文件", issuer=org.other_justice)
    client = login(users.office)
    items = client.get("/api/normdocs/documents").json()["items"]
    assert [d["title"] for d in items] == ["本县文件"]
    assert client.get(f"/api/normdocs/documents/{other.pk}").status_code == 404
    detail = client.get(f"/api/normdocs/documents/{mine.pk}").json()
    assert detail["state"] == "drafting" and "start_consultation" in [t["code"] for t in detail["transitions"]]


def test_roles_without_normdoc_capabilities_get_403(login, users):
    assert login(users.auditor).get("/api/normdocs/documents").status_code == 403


def test_create_and_transition_with_the_same_gates(login, users, org):
    client = login(users.reporter)
    created = client.post("/api/normdocs/documents", {"title": "测试县价格监测办法", "issuer_id": org.reform.pk,
                                                      "text": "第一条 正文", "written_on": "2024-03-01"}, content_type="application/json")
    assert created.status_code == 201
    doc_id = created.json()["id"]
    refused = client.post(f"/api/normdocs/documents/{doc_id}/transitions/start_consultation",
                          {"on": "2024-03-04", "consultation_end": "2024-03-05"}, content_type="application/json")
    assert refused.status_code == 400 and "征求意见期限不足" in refused.json()["detail"]
    ok = client.post(f"/api/normdocs/documents/{doc_id}/transitions/start_consultation",
                     {"on": "2024-03-04", "consultation_end": "2024-03-13"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["state"] == State.CONSULTATION
    assert client.post(f"/api/normdocs/documents/{doc_id}/transitions/nope", {},
                       content_type="application/json").status_code == 404


def test_create_for_a_unit_outside_scope_is_404(login, users, org):
    response = login(users.reporter).post("/api/normdocs/documents", {"title": "x", "issuer_id": org.justice.pk,
                                                                      "text": "x"}, content_type="application/json")
    assert response.status_code == 404


def test_rates_endpoint(login, users, make_doc, walk, org):
    walk(make_doc(), State.RECORDED)
    data = login(users.office).get("/api/normdocs/rates", {"unit_id": org.county.pk, "start": "2024-01-01",
                                                            "end": "2024-12-31"}).json()
    assert data["figures"]["published"] == 1 and data["figures"]["conformity_rate"] == 1.0
    assert login(users.office).get("/api/normdocs/rates", {"unit_id": org.other_county.pk, "start": "2024-01-01",
                                                            "end": "2024-12-31"}).status_code == 404
