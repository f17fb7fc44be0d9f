"""Alignment pages and API: the worksheet, htmx confirm/reject/link, coverage, and who may read or decide."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.plans import align_services as svc
from fazhi.plans.models import ItemAlignment
from tests.plans.align_fixtures import county_plan, item, make_plan, province_plan

Status = ItemAlignment.Status
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def pair(org, users):
    upper = province_plan(org)
    lower = county_plan(org, upper)
    svc.suggest_alignments(users.office, lower, upper)
    return lower, upper


def test_county_office_reads_the_province_items_for_alignment_only(login, users, pair):
    lower, upper = pair
    client = login(users.office)
    page = client.get(reverse("plans:align", args=[lower.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "细化量化各行政执法行为的裁量范围" in html  # the province item's text
    assert "生成对接建议" in html or "重新生成建议" in html
    assert reverse("plans:align_confirm", args=[lower.pk, ItemAlignment.objects.first().pk]) in html
    # the upper plan itself stays outside the office's scope
    assert client.get(reverse("plans:plan_detail", args=[upper.pk])).status_code == 404
    assert client.get(f"/api/plans/{upper.pk}").status_code == 404


def test_leader_sees_the_worksheet_without_decision_buttons(login, users, pair):
    lower, _ = pair
    html = login(users.leader).get(reverse("plans:align", args=[lower.pk])).content.decode()
    assert "细化量化各行政执法行为的裁量范围" in html
    assert "/confirm/" not in html and "生成对接建议" not in html


def test_outsider_cannot_open_or_align_against_the_county_plan(login, users, org, pair):
    lower, _ = pair
    client = login(users.outsider)
    assert client.get(reverse("plans:align", args=[lower.pk])).status_code == 404
    own = make_plan(org.other_county, "乙县方案", [(["一"], "", "全面落实行政裁量权基准制度。")])
    # 测试县 is not above 乙县: its plan cannot be chosen as the upper plan
    assert client.get(reverse("plans:align", args=[own.pk]), {"upper": lower.pk}).status_code == 404
    assert client.post(reverse("plans:align_suggest", args=[own.pk]), {"upper": lower.pk}).status_code == 404
    assert not ItemAlignment.objects.filter(lower_item__plan=own).exists()


def test_reporter_cannot_confirm(login, users, pair):
    lower, _ = pair
    alignment = ItemAlignment.objects.first()
    response = login(users.reporter).post(reverse("plans:align_confirm", args=[lower.pk, alignment.pk]))
    assert response.status_code == 403
    alignment.refresh_from_db()
    assert alignment.status == Status.SUGGESTED


def test_htmx_confirm_and_reject_answer_with_the_item_row(login, users, pair):
    lower, _ = pair
    client = login(users.office)
    alignment = ItemAlignment.objects.get(lower_item=item(lower, "一", "1"), rank=1)
    row = client.post(reverse("plans:align_confirm", args=[lower.pk, alignment.pk]), **HTMX)
    assert row.status_code == 200
    html = row.content.decode()
    assert f'id="lower-{alignment.lower_item_id}"' in html
    assert "已确认" in html
    assert 'id="align-counts" hx-swap-oob="true"' in html and "已确认 1" in html  # the counters follow
    alignment.refresh_from_db()
    assert alignment.status == Status.CONFIRMED and alignment.decided_by == users.office
    plain = client.post(reverse("plans:align_reject", args=[lower.pk, alignment.pk]), {"reason": "误判"})
    assert plain.status_code == 302 and plain.url.endswith(f"#lower-{alignment.lower_item_id}")
    alignment.refresh_from_db()
    assert alignment.status == Status.REJECTED


def test_link_by_hand_and_refuse_a_foreign_item(login, users, org, pair):
    lower, upper = pair
    client = login(users.office)
    low, up = item(lower, "二", "3"), item(upper, "二", "(二)", "4")
    url = reverse("plans:align_link", args=[lower.pk])
    response = client.post(url, {"upper": upper.pk, "lower_item": low.pk, "upper_item": up.pk}, **HTMX)
    assert response.status_code == 200
    assert ItemAlignment.objects.get(lower_item=low, upper_item=up).status == Status.CONFIRMED
    sibling = make_plan(org.other_county, "乙县方案", [(["一"], "", "全面落实行政裁量权基准制度。")])
    refused = client.post(
        url, {"upper": upper.pk, "lower_item": low.pk, "upper_item": sibling.items.get().pk}, **HTMX
    )
    assert "请选择上级方案中的条目" in refused.content.decode()
    assert not ItemAlignment.objects.filter(upper_item__plan=sibling).exists()


def test_suggest_page_post_redirects_with_a_message(login, users, pair):
    lower, upper = pair
    response = login(users.office).post(
        reverse("plans:align_suggest", args=[lower.pk]), {"upper": upper.pk}, follow=True
    )
    assert response.status_code == 200
    assert "条对接建议" in response.content.decode()


def test_coverage_page_lists_uncovered_items_and_exports(login, users, pair):
    lower, upper = pair
    svc.link_items(users.office, item(lower, "一", "1"), item(upper, "二", "(一)", "1"))
    client = login(users.office)
    url = reverse("plans:align_coverage", args=[lower.pk])
    html = client.get(url, {"upper": upper.pk}).content.decode()
    assert "25.0%" in html  # 1 of 4 alignable upper items
    assert "建立行政复议委员会" in html[html.index("尚无落实条目") :]  # an uncovered item is listed
    listed = html[html.index("尚无落实条目") :]
    assert "细化量化各行政执法行为的裁量范围" not in listed  # the covered one is not
    # the filter form keeps the chosen upper plan
    assert f'name="upper" value="{upper.pk}"' in listed
    section = client.get(url, {"upper": upper.pk, "section": "二 (二)"}).content.decode()
    assert "出庭应诉制度" in section and "行政执法案卷管理" not in section[section.index("尚无落实条目") :]
    export = client.get(url, {"upper": upper.pk, "export": "xlsx"})
    assert export.status_code == 200 and "spreadsheet" in export["Content-Type"]


def test_api_list_confirm_reject_and_coverage(login, users, pair):
    lower, upper = pair
    client = login(users.office)
    listed = client.get(f"/api/plans/{lower.pk}/alignments", {"upper_plan_id": upper.pk}).json()
    assert listed and {a["status"] for a in listed} == {"suggested"}
    first = next(a for a in listed if a["lower_path"] == "一 1" and a["rank"] == 1)
    assert first["upper_path"] == "二 (一) 1" and first["upper_plan_id"] == upper.pk
    confirmed = client.post(f"/api/plans/{lower.pk}/alignments/{first['id']}/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    other = next(a for a in listed if a["id"] != first["id"])
    rejected = client.post(
        f"/api/plans/{lower.pk}/alignments/{other['id']}/reject",
        {"reason": "不对应"},
        content_type="application/json",
    )
    assert rejected.json()["status"] == "rejected"
    coverage = client.get(f"/api/plans/{lower.pk}/coverage").json()
    assert coverage["upper_plan_id"] == upper.pk and coverage["covered"] == 1 and coverage["total"] == 4
    assert len(coverage["uncovered"]) == 3
    again = client.post(
        f"/api/plans/{lower.pk}/alignments/suggest", {"top_k": 2}, content_type="application/json"
    ).json()
    assert again["kept_decisions"] >= 1 and again["upper_plan_id"] == upper.pk
    bad = client.post(
        f"/api/plans/{lower.pk}/alignments/suggest", {"threshold": 3}, content_type="application/json"
    )
    assert bad.status_code == 400 and "阈值" in bad.json()["detail"]


def test_api_refuses_out_of_scope_and_non_ancestor_plans(login, users, org, pair):
    lower, upper = pair
    assert login(users.outsider).get(f"/api/plans/{lower.pk}/alignments").status_code == 404
    own = make_plan(org.other_county, "乙县方案", [(["一"], "", "全面落实行政裁量权基准制度。")])
    response = login(users.outsider).get(f"/api/plans/{own.pk}/coverage", {"upper_plan_id": lower.pk})
    assert response.status_code == 404
    alignment = ItemAlignment.objects.first()
    assert (
        login(users.reporter).post(f"/api/plans/{lower.pk}/alignments/{alignment.pk}/confirm").status_code
        == 403
    )
