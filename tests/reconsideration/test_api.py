"""/api/reconsideration/: office entry, a step with its refusal as 400, the clocks' story, the 纠错 report."""

from __future__ import annotations

import json

from tests.reconsideration.helpers import D, decided


def test_enter_accept_and_read_the_clocks(login, org, users):
    client = login(users.office)
    body = {"organ_id": org.gov.pk, "received_on": "2025-09-30", "applicant_name": "李四", "respondent": "测试县公安局",
            "act": "警告", "request": "撤销警告", "knew_act_on": "2025-09-20"}
    created = client.post("/api/reconsideration/cases", json.dumps(body), content_type="application/json")
    assert created.status_code == 201
    case = created.json()
    # 5 WD from 2025-09-30: [国庆 10-01..08], 10-09, 10-10, 10-11 (Saturday, 调休), 10-13, 10-14.
    assert [(c["kind"], c["due_on"]) for c in case["clocks"]] == [("review", "2025-10-14")]
    refused = client.post(f"/api/reconsideration/cases/{case['id']}/transitions/accept",
                          json.dumps({"on": "2025-10-09", "procedure": "simple"}), content_type="application/json")
    assert refused.status_code == 400 and "第五十三条" in refused.json()["detail"]
    accepted = client.post(f"/api/reconsideration/cases/{case['id']}/transitions/accept",
                           json.dumps({"on": "2025-10-09", "procedure": "ordinary"}), content_type="application/json")
    # 60 days from 10-09: 10-31 day 22, 11-30 day 52, 12-08 day 60 (Monday).
    assert accepted.status_code == 200 and accepted.json()["decision_due_on"] == "2025-12-08"
    review = next(c for c in accepted.json()["clocks"] if c["kind"] == "review")
    assert review["state"] == "met" and review["story"].startswith("自2025年9月30日起算5个工作日")


def test_correction_report(login, org, users):
    decided(org, outcome="varied", on=D(2026, 10, 12))
    decided(org, outcome="upheld", on=D(2026, 10, 12))
    report = login(users.office).get("/api/reconsideration/reports/correction", {"year": 2026, "quarter": 4}).json()
    assert (report["total"]["closed"], report["total"]["corrected"], report["total"]["rate"]) == (2, 1, 50.0)
    assert login(users.office).get("/api/reconsideration/reports/correction", {"year": 2026, "quarter": 5}).status_code == 400
