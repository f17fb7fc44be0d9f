"""Demo contracts of 陇县 and 陕西省, dated relative to the day they are loaded: one in legality review, SME
payments on their clocks (one paid on time, one running, one overdue), a large-enterprise contract with an agreed
milestone, a broken promise that became a 政务失信 record and a published arrears record."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from fazhi.contracts import services

DAY = datetime.timedelta(days=1)


def _unit(name: str, within: str):
    from fazhi.core.demo import unit_named

    return unit_named(name, within)


def _signed(unit, title: str, counterparty: str, amount: str, sme: bool, signed_on: datetime.date):
    found = services.register_contract(None, unit=unit, title=title, counterparty=counterparty, amount=Decimal(amount),
                                       counterparty_sme=sme, kind="procurement")
    found = services.transition(None, found, "submit_review", {"on": signed_on - 12 * DAY})
    found = services.transition(None, found, "pass_review", {
        "on": signed_on - 3 * DAY, "reason": "经审查，合同主体适格，条款合法，权利义务对等。", "counsel_name": "县政府法律顾问"})
    return services.transition(None, found, "sign", {"on": signed_on, "number": f"HT-{signed_on.year}-{found.pk:03d}"})


def load(stdout) -> None:
    today = timezone.localdate()
    housing = _unit("陇县住房和城乡建设局", "陇县")
    roads = _signed(housing, "陇县城关镇老旧小区改造工程施工合同", "宝鸡某建筑工程有限公司", "3860000.00", True,
                    today - 150 * DAY)
    for label, amount, accepted, paid in (("第一期进度款", "1000000", 140, 120), ("第二期进度款", "1500000", 25, None),
                                          ("竣工结算款", "1360000", 45, None)):
        payment = services.add_payment(None, roads, label=label, amount=Decimal(amount))
        payment = services.payment_transition(None, payment, "start", {"on": today - accepted * DAY, "basis": "acceptance"})
        if paid is not None:
            services.payment_transition(None, payment, "pay", {"on": today - paid * DAY})
    lights = _signed(_unit("陇县发展和改革局", "陇县"), "陇县城区路灯节能改造合同", "某照明集团股份有限公司", "920000.00",
                     False, today - 60 * DAY)
    services.add_milestone(None, lights, label="路灯安装完成", due_on=today + 3 * DAY)
    services.add_milestone(None, lights, label="付款（合同约定）", due_on=today + 40 * DAY)
    services.register_contract(None, unit=_unit("陕西省发展和改革厅", "陕西省"), title="陕西省政务云服务采购合同",
                               counterparty="某云计算有限公司", amount=Decimal("12800000"), counterparty_sme=True)
    promise = services.add_commitment(None, unit=_unit("陇县发展和改革局", "陇县"), title="新材料项目落户奖励",
                                      content="项目投产当年给予一次性奖励50万元", beneficiary="陇县某新材料有限公司",
                                      promised_on=today - 300 * DAY, due_on=today - 60 * DAY)
    services.close_commitment(None, promise, kept=False, note="年度预算未安排资金", on=today - 30 * DAY)
    services.add_commitment(None, unit=_unit("陇县人民政府", "陇县"), title="企业开办一日办结", content="企业开办全流程1个工作日内办结",
                            beneficiary="全县市场主体", promised_on=today - 100 * DAY, due_on=today + 200 * DAY)
    arrears = services.record_default(None, unit=housing, kind="arrears", contract=roads, recorded_on=today - 10 * DAY,
                                      facts="竣工结算款逾期未支付", cause="财政资金未及时到位")
    services.publish_record(None, arrears, on=today - 5 * DAY)
    stdout.write("已创建 3 份行政合同、2 项政策承诺、2 条政务失信记录（陇县、陕西省）")
