"""Demo 行政调解 / 行政裁决 data in 陇县, dated relative to the day it is loaded."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fazhi.core.models import Unit, User
from fazhi.mediation import services
from fazhi.mediation.models import RegionCount

ITEMS_V1 = ("自然资源权属争议裁决｜《中华人民共和国土地管理法》第十四条｜县人民政府\n"
            "专利侵权纠纷行政裁决｜《中华人民共和国专利法》第六十五条｜县市场监督管理局")
ITEMS_V2 = ITEMS_V1 + "\n政府采购投诉处理｜《中华人民共和国政府采购法》第五十六条｜县财政局"


def load(stdout) -> None:
    office = User.objects.filter(username="lx_office").first()
    if office is None:
        stdout.write("  未找到陇县演示账号，跳过行政调解示例")
        return
    county = Unit.objects.get(name="陇县", kind=Unit.Kind.REGION)
    justice = Unit.objects.get(name="陇县司法局")
    gov = Unit.objects.get(name="陇县人民政府")
    today = timezone.localdate()
    for n, (area, parties, outcome, performance) in enumerate([
        ("traffic", "张某、李某", "agreed", "performed"), ("consumer", "王某、某超市", "agreed", "partly"),
        ("public_order", "赵某、钱某", "failed", ""), ("environment", "某村村民、某养殖场", "", "")]):
        received = today - dt.timedelta(days=60 - n * 10)
        case = services.register_mediation(office, unit=justice, area=area, parties=parties,
                                           summary="双方就赔偿数额发生争议，申请调解", received_on=received)
        if outcome:
            services.close_mediation(office, case, outcome=outcome, closed_on=received + dt.timedelta(days=10))
        if performance:
            services.record_performance(office, case, performance=performance, on=received + dt.timedelta(days=25))
    services.publish_list(office, county, items_text=ITEMS_V1, published_on=dt.date(today.year - 1, 3, 1),
                          note="首次公布")
    v2 = services.publish_list(office, county, items_text=ITEMS_V2, published_on=today - dt.timedelta(days=90),
                               note="增加政府采购投诉处理")
    case = services.register_adjudication(office, unit=gov, item=v2.items.get(number=1), applicant="东风村村民委员会",
                                          respondent="西河村村民委员会", received_on=today - dt.timedelta(days=20))
    services.notify_rights(office, case, on=today - dt.timedelta(days=18),
                           notice="告知双方依法享有申请回避、陈述、申辩、申请听证的权利及救济途径")
    for region, population, petitions, lawsuits in [("陇县", 250000, 136, 1905), ("城关镇", 60000, 40, 410)]:
        unit = Unit.objects.filter(name=region, kind=Unit.Kind.REGION, path__startswith=county.path).first()
        if unit is not None:
            RegionCount.objects.update_or_create(region=unit, year=today.year - 1, defaults={
                "population": population, "petitions": petitions, "lawsuits": lawsuits})
    stdout.write("  陇县行政调解 4 件、行政裁决事项清单 2 版、行政裁决 1 件、信访诉讼数量 2 个地区")
