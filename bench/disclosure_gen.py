"""依申请公开 at province scale: requests as a province's agencies receive them (for bench/disclosure_scale.py).

`generate(province, requests=200_000)` spreads requests over the province's governments and departments
(departments get most; a town government few) and over the three years before `today`, so every year has
requests carried over from the one before and into the next. Each request follows the rules' paths: the
receipt date by channel (第三十一条), one 补正 notice within 7 working days and the restart on receipt or
the lapse (第三十条), a 征求意见 of 15 working days not counted (第三十二条), an approved extension of up to
20 working days (第三十三条), the rare excessive request's delay (第三十五条), and a reply on one of the
annual report's outcome codes; the requests still open on `today` are in 办理中, 待补正 or 征求意见中 with
their reply clock (`workflow.CaseClock`) running, 临期 or 逾期. About 1 % of replies are appealed.

Rows are bulk-written (not through the services: a generator, not a workflow), so no transition log is
written; the list pages and the annual report read none. Deterministic for a seed and `today`.
"""

from __future__ import annotations

import datetime as dt
import random
from functools import cache

from django.contrib.contenttypes.models import ContentType

from fazhi.core import calendar
from fazhi.core.models import Unit
from fazhi.disclosure.models import DisclosureAppeal, DisclosureRequest
from fazhi.workflow.models import CaseClock, CaseNumberSeries

CHANNELS = [("online", 55), ("in_person", 15), ("registered_mail", 16), ("ordinary_mail", 9), ("fax", 5)]
KINDS = [("person", 86), ("business", 9), ("legal", 2), ("other", 2), ("research", 0.5), ("nonprofit", 0.5)]
# Roughly the national shares of the 2023 annual reports: about a third disclosed, a third 无法提供.
OUTCOMES = [("disclosed", 34), ("partial", 10), ("withheld_secret", 0.2), ("withheld_law", 0.6),
            ("withheld_safety", 0.4), ("withheld_third_party", 1.2), ("withheld_internal", 1.0),
            ("withheld_process", 2.0), ("withheld_enforcement", 0.4), ("withheld_query", 0.6),
            ("unavailable_not_held", 25), ("unavailable_to_be_made", 3.5), ("unavailable_unclear", 1.0),
            ("unhandled_petition", 4), ("unhandled_repeat", 3), ("unhandled_publication", 0.4),
            ("unhandled_excessive", 0.4), ("unhandled_confirm", 1.3), ("other_no_fee", 0.1), ("other", 9.9)]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰红梅建国志文斌海峰辉鹏宇浩然子涵欣怡"
FIRMS = ["建设工程", "房地产开发", "商贸", "物流", "科技", "农业开发", "餐饮管理", "环保工程", "矿业", "医药"]
SUBJECTS = ["城区道路改造项目的立项批复", "集体土地征收补偿安置方案", "房屋征收决定及补偿标准", "建设用地规划许可证",
            "环境影响评价批复", "行政处罚决定书", "财政预算执行情况", "专项资金分配明细", "招标投标中标公示材料",
            "拆迁安置人员名单", "学校划片招生方案", "污水处理厂运行监测数据", "农村低保对象审批材料", "占道经营整治方案"]


def pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


@cache
def _wd(start: dt.date, days: int) -> dt.date:
    return calendar.add_working_days(start, days).date


@cache
def _warn(due: dt.date) -> dt.date:
    return calendar.warn_date(due, 5)


def _applicant(rng: random.Random, kind: str, places: list[str]) -> str:
    if kind == "person":
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    if kind == "business":
        return f"{rng.choice(places)}{rng.choice(FIRMS)}有限公司"
    if kind == "legal":
        return f"{rng.choice(places)}律师事务所"
    return f"{rng.choice(places)}{rng.choice(('研究院', '协会', '村民委员会', '业主委员会'))}"


def _agencies(province: Unit, rng: random.Random) -> tuple[list[Unit], list[float]]:
    units = list(Unit.objects.filter(path__startswith=province.path, is_active=True,
                                     kind__in=(Unit.Kind.GOVERNMENT, Unit.Kind.DEPARTMENT)))
    weights = [0.6 if u.level == "town" else (1.5 if u.kind == Unit.Kind.GOVERNMENT else 1.0) * rng.uniform(0.3, 2.5)
               for u in units]
    return units, weights


def generate(province: Unit, *, requests: int = 200_000, seed: int = 2026, today: dt.date,
             batch: int = 5000) -> dict[str, int]:
    """Bulk-write `requests` requests under `province`; returns counts by state for the bench's header."""
    rng = random.Random(seed)
    units, weights = _agencies(province, rng)
    places = sorted({u.name[:2] for u in units})
    request_type = ContentType.objects.get_for_model(DisclosureRequest)
    series: dict[int, int] = {s.year: s.last for s in CaseNumberSeries.objects.filter(prefix="GK")}
    made: dict[str, int] = {}
    rows: list[tuple[DisclosureRequest, dict]] = []

    def flush() -> None:
        DisclosureRequest.objects.bulk_create([r for r, _ in rows])
        clocks, appeals = [], []
        for req, extra in rows:
            clock = extra.get("clock")
            if clock:
                clocks.append(CaseClock(workflow="disclosure", kind="reply", content_type=request_type, object_id=req.pk,
                                        unit_id=req.unit_id, title=f"政府信息公开申请{req.case_number}（{req.applicant_name}）",
                                        link=f"/disclosure/{req.pk}/", rule_code="disclosure.reply", rule_text="20个工作日",
                                        **clock))
            if extra.get("appeal"):
                appeals.append(DisclosureAppeal(unit_id=req.unit_id, request_id=req.pk, **extra["appeal"]))
        CaseClock.objects.bulk_create(clocks)
        DisclosureAppeal.objects.bulk_create(appeals)
        rows.clear()

    for _ in range(requests):
        unit = rng.choices(units, weights)[0]
        submitted = today - dt.timedelta(days=rng.randint(0, 3 * 365))
        req, extra = _request(rng, unit, submitted, today, places)
        series[submitted.year] = series.get(submitted.year, 0) + 1
        req.case_number = f"GK-{submitted.year}-{series[submitted.year]:06d}"
        req.verification_hash = f"{rng.getrandbits(256):064x}"
        made[req.state] = made.get(req.state, 0) + 1
        rows.append((req, extra))
        if len(rows) >= batch:
            flush()
    flush()
    for year, last in series.items():
        CaseNumberSeries.objects.update_or_create(prefix="GK", year=year, defaults={"last": last, "unit": province})
    return made


def _request(rng: random.Random, unit: Unit, submitted: dt.date, today: dt.date,
             places: list[str]) -> tuple[DisclosureRequest, dict]:
    channel = pick(rng, CHANNELS)
    kind = pick(rng, KINDS)
    delay = {"in_person": 0, "registered_mail": rng.randint(2, 5), "ordinary_mail": rng.randint(3, 8)}.get(channel, rng.randint(0, 2))
    received = submitted + dt.timedelta(days=delay)
    req = DisclosureRequest(
        unit=unit, applicant_kind=kind, applicant_name=_applicant(rng, kind, places), channel=channel,
        phone=f"1{rng.randint(3, 9)}{rng.randint(0, 999999999):09d}", submitted_on=submitted,
        content=f"申请公开{rng.choice(places)}{rng.choice(SUBJECTS)}（{submitted.year - rng.randint(0, 3)}年）",
        delivery=rng.choice(["email", "post", "paper", "pickup"]), excessive=rng.random() < 0.003)
    if received > today:
        req.state = "pending"
        return req, {}
    req.received_on = received
    start, paused, extra_days = received, None, 0
    # 补正 (8 %): told within 7 working days; 85 % come back and the period restarts, the rest lapse.
    if rng.random() < 0.08:
        req.correction_notice_on = _wd(received, rng.randint(1, 7))
        req.correction_items = "请明确所需信息的名称、文号或者便于查询的特征性描述"
        req.correction_deadline = req.correction_notice_on + dt.timedelta(days=15)
        if rng.random() < 0.85:
            req.corrected_on = req.correction_notice_on + dt.timedelta(days=rng.randint(2, 14))
            start = req.corrected_on
        else:
            paused = "correcting"
    consult = 0
    if paused is None and rng.random() < 0.03:  # 征求意见: 15 working days not counted
        req.consult_party = rng.choice(["第三方（相关企业）", "有关行政机关"])
        consult = 15
    if paused is None and (req.excessive or rng.random() < 0.10):
        extra_days = rng.randint(30, 60) if req.excessive else 20
        req.extension_days, req.extension_approver = extra_days, "信息公开工作机构负责人"
    due = _wd(start, 20 + consult + extra_days)
    if extra_days:
        req.extension_on = _wd(start, rng.randint(10, 19))
    extra: dict = {}
    if paused == "correcting":
        lapsed_on = req.correction_deadline + dt.timedelta(days=rng.randint(1, 5))
        if lapsed_on <= today:
            req.state, req.outcome, req.closed_on = "closed", "other_no_correction", lapsed_on
            extra["clock"] = {"state": "met", "started_on": received, "due_on": None, "stopped_on": lapsed_on}
        else:
            req.state = "correcting"
            extra["clock"] = {"state": "paused", "started_on": received, "due_on": None}
        return req, extra
    # The reply: mostly in time, 3 % late.
    span = (due - start).days
    closed = start + dt.timedelta(days=rng.randint(3, span + (rng.randint(1, 20) if rng.random() < 0.03 else 0)))
    req.due_on = due
    if closed <= today:
        req.state, req.outcome, req.closed_on = "closed", pick(rng, OUTCOMES), closed
        extra["clock"] = {"state": "met" if closed <= due else "late", "started_on": start, "due_on": due,
                          "stopped_on": closed, "warn_on": _warn(due)}
        if rng.random() < 0.01:
            extra["appeal"] = _appeal(rng, closed, today)
        return req, extra
    consulting = consult and today < _wd(start, 10 + consult)
    req.state = "consulting" if consulting else "handling"
    state = "paused" if consulting else ("overdue" if today > due else "due_soon" if today >= _warn(due) else "running")
    extra["clock"] = {"state": state, "started_on": start, "due_on": None if consulting else due,
                      "warn_on": None if consulting else _warn(due)}
    return req, extra


def _appeal(rng: random.Random, replied: dt.date, today: dt.date) -> dict:
    filed = replied + dt.timedelta(days=rng.randint(5, 55))
    concluded = filed + dt.timedelta(days=rng.randint(40, 150))
    done = concluded <= today and filed <= today
    return {"kind": pick(rng, [("reconsideration", 70), ("litigation_direct", 20), ("litigation_after", 10)]),
            "filed_on": min(filed, today), "concluded_on": concluded if done else None,
            "result": pick(rng, [("maintained", 70), ("corrected", 15), ("other", 15)]) if done else "pending"}
