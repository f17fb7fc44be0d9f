"""行政调解 register, the versioned 行政裁决事项清单 with 权利告知, and the 信访/诉讼 import behind 万人成讼率."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from fazhi.mediation import counts, services
from fazhi.mediation.models import MediationCase, RegionCount

D = dt.date
ITEMS_V1 = "自然资源权属争议裁决｜土地管理法第十四条｜县人民政府\n专利侵权纠纷裁决｜专利法第六十五条｜县市场监督管理局"
ITEMS_V2 = "自然资源权属争议裁决｜土地管理法第十四条｜县人民政府\n政府采购投诉处理｜政府采购法第五十六条｜县财政局"


def test_mediation_register_with_outcome_and_performance(org, users, login):
    case = services.register_mediation(users.office, unit=org.justice, area="traffic", parties="张某、李某",
                                       summary="交通事故赔偿", received_on=D(2026, 3, 2))
    with pytest.raises(ValidationError, match="只有达成调解协议"):
        services.record_performance(users.office, case, performance="performed", on=D(2026, 3, 20))
    services.close_mediation(users.office, case, outcome="agreed", closed_on=D(2026, 3, 10))
    with pytest.raises(ValidationError, match="不能早于办结日期"):
        services.record_performance(users.office, case, performance="performed", on=D(2026, 3, 9))
    services.record_performance(users.office, case, performance="performed", on=D(2026, 4, 1))
    other = services.register_mediation(users.office, unit=org.justice, area="traffic", parties="王某、赵某",
                                        summary="车损", received_on=D(2026, 5, 6))
    services.close_mediation(users.office, other, outcome="failed", closed_on=D(2026, 5, 20))
    with pytest.raises(PermissionDenied):
        services.register_mediation(users.outsider, unit=org.justice, area="traffic", parties="甲", summary="乙",
                                    received_on=D(2026, 3, 2))
    page = login(users.office).get(reverse("mediation:list")).content.decode()
    # By area: 交通损害赔偿 2 cases, 1 agreed, 1 performed.
    assert "<td>交通损害赔偿</td><td>2</td><td>1</td><td>1</td>" in page
    assert MediationCase.objects.get(pk=case.pk).performance == "performed"


def test_adjudication_cases_follow_the_list_version_in_force(org, users):
    v1 = services.publish_list(users.office, org.county, items_text=ITEMS_V1, published_on=D(2025, 1, 6))
    v2 = services.publish_list(users.office, org.county, items_text=ITEMS_V2, published_on=D(2026, 1, 5))
    assert (v1.version, v2.version, v2.items.count()) == (1, 2, 2)
    patent_v1 = v1.items.get(number=2)
    # Received in 2025, v1 was in force: the patent item may be used.
    case = services.register_adjudication(users.office, unit=org.reform, item=patent_v1, applicant="甲公司",
                                          respondent="乙公司", received_on=D(2025, 6, 2))
    # Received in 2026, v2 replaced it: the v1 item is refused.
    with pytest.raises(ValidationError, match="不在2026-03-02施行的行政裁决事项清单第2版中"):
        services.register_adjudication(users.office, unit=org.reform, item=patent_v1, applicant="甲", respondent="乙",
                                       received_on=D(2026, 3, 2))
    with pytest.raises(ValidationError, match="应为“名称｜设定依据｜实施机关”"):
        services.publish_list(users.office, org.county, items_text="只有名称", published_on=D(2026, 2, 2))
    # 权利告知 before the decision.
    with pytest.raises(ValidationError, match="应当告知当事人依法享有的权利"):
        services.decide(users.office, case, on=D(2025, 7, 1), decision="驳回")
    services.notify_rights(users.office, case, on=D(2025, 6, 3), notice="告知申请回避、陈述申辩、听证及救济途径")
    case = services.decide(users.office, case, on=D(2025, 7, 1), decision="责令停止侵权")
    assert (case.rights_notified_on, case.decided_on) == (D(2025, 6, 3), D(2025, 7, 1))


def _sheet(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["地区", "年度", "常住人口", "信访件数", "诉讼案件数"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("数量.xlsx", buffer.getvalue())


def test_counts_import_refuses_row_by_row_and_gives_the_rate(org, users, login):
    report = counts.import_counts(users.office, _sheet([
        ["测试县", 2025, 250000, 120, 1875],      # row 2: ok — 1875 / 25 万 = 75.0 per 10,000
        ["甲镇", 2025, 30000, 8, 45],             # row 3: ok — 45 / 3 万 = 15.0
        ["乙县", 2025, 200000, 90, 1000],         # row 4: outside the office's scope
        ["不存在县", 2025, 1000, 1, 1],           # row 5: unknown
        ["测试县", 2025, 250000, 121, 1880],      # row 6: duplicate of row 2
        ["甲镇", "二〇二五", 30000, 8, 45],        # row 7: year not a number
        ["甲镇", 2024, 0, 8, 45],                 # row 8: population 0
        [None, None, None, None, None],           # blank: skipped
    ]))
    assert report.imported == 2
    assert report.refused == [
        (4, "“乙县”不在您的数据范围内"), (5, "没有名为“不存在县”的地区"), (6, "与第2行重复（测试县2025年）"),
        (7, "年度“二〇二五”不是非负整数"), (8, "常住人口不能为 0")]
    county = RegionCount.objects.get(region=org.county, year=2025)
    assert (county.petitions, county.lawsuits, county.lawsuits_per_10k) == (120, 1875, 75.0)
    assert RegionCount.objects.get(region=org.town, year=2025).lawsuits_per_10k == 15.0
    page = login(users.office).post(reverse("mediation:counts"), {"file": _sheet([["乙县", 2025, 1, 1, 1]])})
    assert "第2行" in page.content.decode() and "不在您的数据范围内" in page.content.decode()


def test_mediation_list_shows_a_new_case_at_once_and_a_refused_form_keeps_its_input(org, users, login):
    client = login(users.office)
    url = reverse("mediation:list")
    assert "王某、赵某" not in client.get(url).content.decode()
    client.post(url, {"unit": org.justice.pk, "area": "traffic", "parties": "王某、赵某", "summary": "车损",
                      "received_on": "2026-05-06"})
    assert "王某、赵某" in client.get(url).content.decode()
    refused = client.post(url, {"unit": org.justice.pk, "area": "traffic", "parties": "孙某", "summary": "",
                                "received_on": "2026-05-06"})
    assert refused.status_code == 400 and 'value="孙某"' in refused.content.decode()
    assert 'value="孙某"' not in client.get(url).content.decode()  # the blank form again, not the refused one
