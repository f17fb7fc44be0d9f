"""Procedure sets per body type (条例第二条、第四十二条、第四十三条): the statutory floor, a province's setting
that every county under it follows, a county's own override, who may set which region, and catalogue entries
that start from the setting and cannot drop what it requires."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fazhi.core import services as core
from fazhi.core.models import DataScope
from fazhi.decisions import procedure_sets, services
from fazhi.decisions.models import ProcedureSet

NOTE = "测试省重大行政决策程序规定第十条"


@pytest.fixture
def province_office(org):
    """The province's 司法厅 staff, data scope the whole province."""
    justice = core.create_unit(None, name="测试省司法厅", kind="department", parent=org.province)
    return core.create_user(None, username="t_prov_office", password="Fazhi@2026x", unit=justice, roles=["office"],
                            data_scope=DataScope.JURISDICTION)


def test_body_types_and_the_statutory_floor(org):
    assert procedure_sets.body_type_of(org.gov) == "government"
    assert procedure_sets.body_type_of(org.town_gov) == "township"  # 甲镇人民政府: a 乡级 government
    assert procedure_sets.body_type_of(org.reform) == "department"
    assert procedure_sets.body_type_of(org.county) is None
    for body in (org.gov, org.town_gov, org.reform):
        # Nothing set anywhere: legality review and collective discussion (arts. 25, 30), nothing else.
        found = procedure_sets.in_force(procedure_sets.body_type_of(body), body)
        assert (found.procedures, found.origin_label) == (["legality", "collective"], "法定默认")


def test_a_province_setting_applies_below_it_until_a_county_sets_its_own(org, users, province_office):
    procedure_sets.set_procedures(province_office, org.province, "government",
                                  ["participation", "risk", "legality", "collective"], NOTE)
    procedure_sets.set_procedures(province_office, org.province, "township", ["participation", "legality"], NOTE)
    county = procedure_sets.in_force("government", org.gov)
    assert (county.procedures, county.origin_label) == (["participation", "risk", "legality", "collective"],
                                                        "沿用测试省的设置")
    # A 乡级 government follows by reference: the province may leave 集体讨论决定 out of its set.
    assert procedure_sets.required_for(org.town_gov) == ["participation", "legality"]
    assert procedure_sets.required_for(org.reform) == ["legality", "collective"]  # departments: not set

    procedure_sets.set_procedures(users.office, org.county, "government",
                                  ["expert", "participation", "legality", "collective"], "测试县规定")
    own = procedure_sets.in_force("government", org.gov)
    assert (own.procedures, own.origin_label, own.note) == (["participation", "expert", "legality", "collective"],
                                                            "本级设置", "测试县规定")
    assert procedure_sets.required_for(org.other_county) == ["legality", "collective"]  # a region, not a body
    other_gov = core.create_unit(None, name="乙县人民政府", kind="government", parent=org.other_county)
    assert procedure_sets.in_force("government", other_gov).origin_label == "沿用测试省的设置"

    procedure_sets.reset_procedures(users.office, org.county, "government")
    assert procedure_sets.in_force("government", org.gov).origin_label == "沿用测试省的设置"


def test_who_may_set_which_region_and_what(org, users):
    with pytest.raises(PermissionDenied, match="上级行政区的决策程序设置由其司法行政部门设置"):
        procedure_sets.set_procedures(users.office, org.province, "government", ["legality", "collective"], NOTE)
    with pytest.raises(PermissionDenied, match="该行政区不在您的数据范围内"):
        procedure_sets.set_procedures(users.outsider, org.county, "government", ["legality", "collective"], NOTE)
    with pytest.raises(PermissionDenied):
        procedure_sets.set_procedures(users.reporter, org.county, "government", ["legality", "collective"], NOTE)
    with pytest.raises(ValidationError, match="必须履行合法性审查.*不能从程序设置中去掉"):
        procedure_sets.set_procedures(users.office, org.county, "government", ["participation", "collective"], NOTE)
    with pytest.raises(ValidationError, match="请填写依据"):
        procedure_sets.set_procedures(users.office, org.county, "department", ["legality"], " ")
    with pytest.raises(ValidationError, match="未知的程序"):
        procedure_sets.set_procedures(users.office, org.county, "department", ["vote"], NOTE)
    assert not ProcedureSet.objects.exists()


def test_catalogue_entries_start_from_the_setting_and_keep_it(org, users):
    procedure_sets.set_procedures(users.office, org.county, "government", ["participation", "legality", "collective"],
                                  "测试县规定")
    procedure_sets.set_procedures(users.office, org.county, "township", ["expert", "legality"], "测试县规定")
    catalogue = services.create_catalogue(users.office, body=org.gov, year=2026)
    # Ticked 专家论证 only: the setting adds 公众参与 and the statutory pair; order is the procedures' own.
    entry = services.add_entry(users.office, catalogue, title="甲事项", lead_unit=org.reform, procedures=["expert"])
    assert entry.procedures == ["participation", "expert", "legality", "collective"]
    town = services.create_catalogue(users.office, body=org.town_gov, year=2026)
    entry = services.add_entry(users.office, town, title="乙事项", lead_unit=org.town_gov, procedures=[])
    assert entry.procedures == ["expert", "legality"]
    department = services.create_catalogue(users.office, body=org.reform, year=2026)
    entry = services.add_entry(users.office, department, title="丙事项", lead_unit=org.reform, procedures=["hearing"])
    assert entry.procedures == ["hearing", "legality", "collective"]


def test_the_settings_page_and_the_entry_form(client, org, users):
    client.force_login(users.office)
    response = client.post(reverse("decisions:procedure_sets"), {
        "jurisdiction": org.county.pk, "body_type": "government", "procedures": ["participation", "legality", "collective"],
        "note": "测试县规定"}, follow=True)
    assert "决策程序设置已保存" in response.content.decode()
    page = client.get(reverse("decisions:procedure_sets")).content.decode()
    assert "公众参与、合法性审查、集体讨论决定" in page and "本级设置" in page and "法定默认" in page
    catalogue = services.create_catalogue(users.office, body=org.gov, year=2026)
    entry_form = client.get(reverse("decisions:catalogue", args=[catalogue.pk])).context["form"]
    assert entry_form["procedures"].value() == ["participation", "legality", "collective"]
    response = client.post(reverse("decisions:procedure_sets"), {
        "reset": "1", "jurisdiction": org.county.pk, "body_type": "government"}, follow=True)
    assert "已恢复沿用上级或法定默认的设置" in response.content.decode()
    assert not ProcedureSet.objects.exists()


def test_the_api_reads_and_writes_through_the_same_rule(client, org, users, province_office):
    """/api/decisions/procedure-sets: the settings in force with their origin; writes through the page's service,
    so a region above the office is 403 with its reason and dropping the statutory floor is 400."""
    import json

    url = "/api/decisions/procedure-sets"
    client.force_login(province_office)
    body = json.dumps({"procedures": ["participation", "legality", "collective"], "note": NOTE})
    response = client.put(f"{url}/{org.province.pk}/government", data=body, content_type="application/json")
    assert response.status_code == 200 and response.json()["origin"] == "own"
    client.force_login(users.office)
    rows = {r["body_type"]: r for r in client.get(url).json()}  # the office's own region: 测试县
    assert set(rows) == {"government", "department", "township"}
    assert (rows["government"]["procedures"], rows["government"]["origin"], rows["government"]["holder"]) == (
        ["participation", "legality", "collective"], "inherited", "测试省")
    assert (rows["township"]["procedures"], rows["township"]["origin_label"]) == (["legality", "collective"], "法定默认")
    refused = client.put(f"{url}/{org.province.pk}/government", data=body, content_type="application/json")
    assert refused.status_code == 403 and "上级行政区的决策程序设置由其司法行政部门设置" in refused.json()["detail"]
    dropped = client.put(f"{url}/{org.county.pk}/government", content_type="application/json",
                         data=json.dumps({"procedures": ["collective"], "note": "测试县规定"}))
    assert dropped.status_code == 400 and "不能从程序设置中去掉" in dropped.json()["detail"]
    own = client.put(f"{url}/{org.county.pk}/township", content_type="application/json",
                     data=json.dumps({"procedures": ["expert", "legality"], "note": "测试县规定"}))
    assert (own.status_code, own.json()["procedures"], own.json()["origin"]) == (200, ["expert", "legality"], "own")
    assert client.get(url, {"jurisdiction_id": org.other_county.pk}).status_code == 404  # out of scope
    assert client.delete(f"{url}/{org.county.pk}/township").status_code == 204
    assert client.delete(f"{url}/{org.county.pk}/township").status_code == 400  # nothing of its own left
    assert not ProcedureSet.objects.filter(jurisdiction=org.county).exists()
