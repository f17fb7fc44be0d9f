"""Time-limit rules per jurisdiction: a province default, a county override, edited only inside the
editor's scope, each keeping its legal source; the page says where each rule comes from."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fazhi.workflow import services, timelimits
from fazhi.workflow.models import TimeLimit

FILING = "normdoc.filing"
PROVINCE_SOURCE = "测试省行政规范性文件管理办法第二十条：自公布之日起15日内报送备案"


@pytest.fixture
def province_office(org, make_user):
    return make_user("t_province_office", org.province, roles=["office"], scope="jurisdiction")


def test_the_province_default_applies_below_until_a_county_sets_its_own(org, province_office, users):
    services.set_time_limit(province_office, FILING, org.province, count=15, unit="ND", note=PROVINCE_SOURCE)
    inherited = timelimits.in_force(FILING, org.justice)
    assert (inherited.rule.count, inherited.origin, inherited.holder) == (15, "inherited", org.province)
    assert inherited.rule.source == PROVINCE_SOURCE and inherited.origin_label == "沿用测试省的设置"
    services.set_time_limit(users.office, FILING, org.county, count=20, unit="ND", note="测试县规定第五条")
    own = timelimits.in_force(FILING, org.justice)
    assert (own.rule.count, own.origin, own.rule.source) == (20, "own", "测试县规定第五条")
    # 乙县 set nothing: the province's rule, not 测试县's.
    assert timelimits.in_force(FILING, org.other_justice).rule.count == 15
    services.reset_time_limit(users.office, FILING, org.county)
    assert timelimits.in_force(FILING, org.justice).origin == "inherited"


def test_a_county_office_cannot_edit_a_province_rule(org, users):
    with pytest.raises(PermissionDenied) as info:
        services.set_time_limit(users.office, FILING, org.province, count=10, unit="ND", note="测试")
    assert "不能修改测试省的时限规则" in str(info.value) and "请在测试县设置本级时限规则" in str(info.value)
    assert not TimeLimit.objects.filter(jurisdiction=org.province).exists()


def test_a_county_office_cannot_edit_another_county(org, users):
    with pytest.raises(PermissionDenied) as info:
        services.set_time_limit(users.office, FILING, org.other_county, count=10, unit="ND", note="测试")
    assert "不能修改乙县的时限规则" in str(info.value) and "不在您的数据范围内" in str(info.value)


def test_a_rule_keeps_its_legal_source(org, users):
    with pytest.raises(ValidationError) as info:
        services.set_time_limit(users.office, FILING, org.county, count=10, unit="ND", note="  ")
    assert "请填写依据" in info.value.messages[0]


def test_only_an_extension_cap_may_be_zero(org, users):
    with pytest.raises(ValidationError, match="天数须在 1 到 366 之间"):
        services.set_time_limit(users.office, FILING, org.county, count=0, unit="ND", note="测试县规定")
    services.set_time_limit(users.office, "normdoc.legality_review_extension", org.county, count=0, unit="WD",
                            note="测试县规定：不得延长")


def test_the_page_shows_own_and_inherited_rows(client, org, province_office, users):
    services.set_time_limit(province_office, FILING, org.province, count=15, unit="ND", note=PROVINCE_SOURCE)
    client.force_login(users.office)
    page = client.get(reverse("normdocs:rules")).content.decode()
    assert "沿用测试省的设置" in page and PROVINCE_SOURCE in page and "法定默认" in page
    response = client.post(reverse("normdocs:rules"), {"code": FILING, "count": "20", "unit": "ND",
                                                       "note": "测试县规定第五条", "jurisdiction": org.county.pk})
    assert response.status_code == 302
    assert "本级设置" in client.get(reverse("normdocs:rules")).content.decode()
    # The province's office sees the county's override in its list of what differs below.
    client.force_login(province_office)
    page = client.get(reverse("normdocs:rules")).content.decode()
    assert "下级行政区的本级设置" in page and "测试县规定第五条" in page


def test_the_page_refuses_with_the_reason(client, org, users):
    client.force_login(users.office)
    response = client.post(reverse("normdocs:rules"), {"code": FILING, "count": "10", "unit": "ND", "note": "x",
                                                       "jurisdiction": org.province.pk})
    assert response.status_code == 403 and "请在测试县设置本级时限规则" in response.content.decode()
    assert client.get(reverse("normdocs:rules"), {"jurisdiction": org.other_county.pk}).status_code == 404
    response = client.post(reverse("normdocs:rules"), {"code": FILING, "count": "10", "unit": "ND", "note": "",
                                                       "jurisdiction": org.county.pk}, follow=True)
    assert "请填写依据" in response.content.decode()


def test_the_api_says_where_each_rule_comes_from_and_refuses_with_the_reason(client, org, province_office, users):
    import json

    client.force_login(province_office)
    url = "/api/normdocs/time-limits"
    response = client.put(f"{url}/{org.province.pk}/{FILING}", data=json.dumps({"count": 15, "unit": "ND",
                                                                                "note": PROVINCE_SOURCE}),
                          content_type="application/json")
    assert response.status_code == 200 and response.json()["origin"] == "own"
    client.force_login(users.office)
    rows = {row["code"]: row for row in client.get(url).json()}
    assert rows[FILING]["origin"] == "inherited" and rows[FILING]["holder"] == "测试省"
    assert rows[FILING]["source"] == PROVINCE_SOURCE
    assert rows["normdoc.legality_review_max"]["origin"] == "default"
    response = client.put(f"{url}/{org.province.pk}/{FILING}", data=json.dumps({"count": 10, "unit": "ND",
                                                                                "note": "测试县规定"}),
                          content_type="application/json")
    assert response.status_code == 403 and "上级行政区的时限规则由其司法行政部门设置" in response.json()["detail"]
    response = client.put(f"{url}/{org.county.pk}/{FILING}", data=json.dumps({"count": 10, "unit": "ND"}),
                          content_type="application/json")
    assert response.status_code == 400 and "请填写依据" in response.json()["detail"]


def test_an_office_whose_scope_is_its_own_unit_is_told_why(org, make_user):
    clerk = make_user("t_unit_clerk", org.justice, roles=["office"], scope="unit")
    with pytest.raises(PermissionDenied) as info:
        services.set_time_limit(clerk, FILING, org.county, count=10, unit="ND", note="测试县规定")
    assert "数据范围为“本单位”" in str(info.value) and "不包括整个测试县" in str(info.value)
