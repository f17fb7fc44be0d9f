"""/api/litigation/: a case through the API, a hearing, a suggestion and the rates."""

from __future__ import annotations

import json


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_case_hearing_and_rates(login, org, users):
    client = login(users.office)
    created = post(client, "/api/litigation/cases", {"unit_id": org.reform.pk, "court": "测试县人民法院",
                                                      "plaintiff": "某公司", "cause": "不服处罚", "received_on": "2026-03-02",
                                                      "case_type": "ecology"})
    assert created.status_code == 201
    case_id = created.json()["id"]
    assert post(client, f"/api/litigation/cases/{case_id}/hearings",
                {"held_on": "2026-04-01", "attendee": "in_charge", "attendee_name": "钱副局长"}).status_code == 201
    rates = client.get("/api/litigation/rates", {"year": 2026}).json()
    # One hearing, by the 分管负责人: 100 %; the ecology case was not attended by the 主要负责人.
    assert (rates["hearings"], rates["head_rate"], rates["unattended_case_ids"]) == (1, 100.0, [case_id])


def test_suggestion_reply_period_from_the_letter(login, org, users):
    client = login(users.office)
    created = post(client, "/api/litigation/suggestions", {
        "unit_id": org.reform.pk, "kind": "procuratorial", "issuer": "测试县人民检察院", "subject": "整治噪声",
        "received_on": "2026-04-30", "period_count": 1, "period_unit": "M"})
    # One month from 2026-04-30 is 05-30 (a Saturday, not a 调休 day) → Monday 06-01.
    assert created.status_code == 201 and created.json()["due_on"] == "2026-06-01"
    late = post(client, f"/api/litigation/suggestions/{created.json()['id']}/reply",
                {"replied_on": "2026-06-02", "reply": "已整改"})
    assert late.status_code == 200 and late.json()["replied_on"] == "2026-06-02"
