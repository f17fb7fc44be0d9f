"""The public API: search and documents without login, published only."""

from __future__ import annotations


def test_public_search(client, library):
    data = client.get("/api/portal/search", {"q": "聽證"}).json()
    assert data["total"] == 1 and data["count_label"] == "1" and data["hits"][0]["title"] == library.penalty.title
    assert data["hits"][0]["url"].startswith("/portal/doc/")
    assert client.get("/api/portal/search", {"q": "罚款收缴", "status": "all"}).json()["total"] == 0
    assert client.get("/api/portal/search", {"q": " "}).status_code == 400


def test_public_document(client, library):
    data = client.get(f"/api/portal/documents/{library.old.pk}", {"on": "2023-06-01"}).json()
    assert data["validity"] == "现行有效" and data["version"] == 1
    assert client.get(f"/api/portal/documents/{library.old.pk}").json()["validity"] == "已废止"
    assert client.get(f"/api/portal/documents/{library.draft.pk}").status_code == 404
