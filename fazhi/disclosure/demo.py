"""Demo 依申请公开 data in 陇县, dated relative to the day it is loaded.

Last year's requests, answered under several outcome codes (so last year's annual report has figures, and
one of them has a 复议 with a corrected result); this year's open requests at every stage: one online and
not yet confirmed, one waiting for 补正, one out for third-party opinion, one extended, one close to its due
date and one past it (the daily scan marks them 临期 / 逾期); and the staff register with a change to report.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fazhi.core.models import Unit, User
from fazhi.disclosure import records, services

APPLICANTS = [
    ("person", "王建国", "2023年陇县城区老旧小区改造项目的立项批复和资金安排"),
    ("business", "陇县宏达建材有限公司", "本县2024年度政府采购意向公开目录"),
    ("person", "李秀英", "城关镇某路段拆迁补偿标准文件"),
    ("legal", "陕西秦川律师事务所", "陇县人民政府2024年作出的行政复议决定书（涉及本所代理案件）"),
    ("person", "张伟", "县发改局2024年第3号会议纪要"),
    ("research", "西北大学公共管理学院", "陇县2023—2025年法治政府建设年度报告"),
]


def _file(office: User, unit: Unit, received: dt.date, n: int, **extra):
    kind, name, content = APPLICANTS[n % len(APPLICANTS)]
    case, _ = services.register(office, unit=unit, channel="in_person", submitted_on=received, applicant_kind=kind,
                                applicant_name=name, content=content, phone="0917-4621000", delivery="email", **extra)
    return case


def _step(office: User, case, code: str, on: dt.date, **data):
    return services.transition(office, case, code, {"on": on.isoformat(), **data})


def load(stdout) -> None:
    office = User.objects.filter(username="lx_office").first()
    if office is None:
        stdout.write("  未找到陇县演示账号，跳过依申请公开示例")
        return
    gov = Unit.objects.get(name="陇县人民政府")
    dept = Unit.objects.get(name="陇县发展和改革局")
    today = timezone.localdate()
    last_year = today.year - 1
    # Last year: answered requests under several outcome codes, and one carried over into this year.
    outcomes = ["disclosed", "partial", "withheld_process", "unavailable_not_held", "unhandled_repeat", "disclosed"]
    answered = []
    for n, outcome in enumerate(outcomes):
        received = dt.date(last_year, 3 + n, 10)
        case = _file(office, gov if n % 2 == 0 else dept, received, n)
        answered.append(_step(office, case, "reply", received + dt.timedelta(days=14), outcome=outcome,
                              reply_text="经检索，现答复如下。"))
    carried = _file(office, gov, dt.date(last_year, 12, 22), 1)
    _step(office, carried, "reply", min(today, dt.date(today.year, 1, 8)), outcome="disclosed", reply_text="现予公开。")
    records.add_appeal(office, unit=gov, kind="reconsideration", filed_on=answered[2].closed_on + dt.timedelta(days=20),
                       case_number=answered[2].case_number, result="corrected",
                       concluded_on=answered[2].closed_on + dt.timedelta(days=70))
    # This year: requests at every stage.
    services.submit_online(unit=gov, applicant_kind="person", applicant_name="赵敏",
                           content="本县今年的财政预算执行情况", phone="13900000000", delivery="email")
    correcting = _file(office, gov, today - dt.timedelta(days=6), 2)
    _step(office, correcting, "correct", today - dt.timedelta(days=3), correction_items="请写明路段名称和文件年份",
          correction_deadline=(today + dt.timedelta(days=12)).isoformat())
    consulting = _file(office, dept, today - dt.timedelta(days=12), 1)
    _step(office, consulting, "consult", today - dt.timedelta(days=5), consult_party="陇县宏达建材有限公司（第三方）")
    extended = _file(office, gov, today - dt.timedelta(days=30), 3)
    _step(office, extended, "extend", today - dt.timedelta(days=2), extension_days=15, reason="需调取历年档案")
    _file(office, gov, today - dt.timedelta(days=24), 4)   # about 17 working days ago: 临期 in the scan
    _file(office, dept, today - dt.timedelta(days=40), 5)  # past its 20 working days: 逾期
    # The staff register: two people, one joined last week and not yet reported.
    records.add_staff(office, unit=gov, name="刘芳", role="head", since=dt.date(last_year, 1, 3), phone="0917-4621001")
    records.report_changes(office, gov, dt.date(last_year, 1, 8))
    records.add_staff(office, unit=dept, name="陈磊", role="staff", since=today - dt.timedelta(days=6))
    stdout.write(f"  陇县政府信息公开申请：上年办结 {len(answered) + 1} 件，本年在办 6 件；工作人员名单 2 人")
