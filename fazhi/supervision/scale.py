"""Province-scale synthetic data for the supervision loop (规模测试数据), for benchmarks and N+1 tests.

`generate_province(units=2000, tasks=50000)` adds one synthetic province as a new root of the unit tree:
cities, counties and towns, each region with its government, its rule-of-law office and departments;
two plans per region (a two-year 实施方案 and the year's 工作要点) with sections and items; one task per
item with its task units (lead, cooperating, responsible — named or expanded from 各镇 / 各县（市、区） /
各部门); milestones per reporting unit and deadline occurrence, in a realistic mix of states and outcomes
around `today`; progress reports (accepted ones on closed milestones, submitted / returned / draft ones on
open ones), link evidence, and a few supervision orders.

The data looks like what `services.generate_ledger` and the report workflow produce (same keys, labels,
roles and states), but is written with `bulk_create` in batches and with the unit tree's materialised
paths computed here, because going through the services row by row would take hours at this size. Only
one operation-log row records the whole run. Deterministic for a given seed and `today`.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core import calendar, oplog
from fazhi.core.demo import DEPARTMENTS, EXTERNAL
from fazhi.core.models import Attachment, Level, Unit
from fazhi.plans.models import Plan, PlanItem, PlanItemUnit
from fazhi.supervision import schedule, workflows
from fazhi.supervision.models import (
    DEFAULT_WARN_WORKING_DAYS,
    Milestone,
    ProgressReport,
    SupervisionOrder,
    Task,
    TaskUnit,
)
from fazhi.supervision.services.common import WarnDates
from fazhi.workflow import clocks

# Units a region of each kind brings besides its sub-regions (the sizes that `tree_shape` solves with).
PROVINCE_UNITS = 3 + len(DEPARTMENTS) + len(EXTERNAL)  # region, government, office, departments, courts …
CITY_DEPARTMENTS = 16
CITY_UNITS = 3 + CITY_DEPARTMENTS
COUNTY_DEPARTMENTS = 10
TOWNS_PER_COUNTY = 6
COUNTY_UNITS = 3 + COUNTY_DEPARTMENTS + 2 * TOWNS_PER_COUNTY  # a town is its region and its government
MIN_UNITS = PROVINCE_UNITS + CITY_UNITS + COUNTY_UNITS

PLACE_NAMES = [
    "东山",
    "西河",
    "南湖",
    "北岭",
    "青阳",
    "白水",
    "金川",
    "玉泉",
    "长宁",
    "安平",
    "永和",
    "兴隆",
    "清源",
    "临江",
    "丰泽",
    "嘉禾",
    "凤鸣",
    "云台",
    "石门",
    "桃源",
    "柳溪",
    "龙泉",
    "松岗",
    "梅岭",
    "竹溪",
    "兰亭",
    "杏林",
    "枫桥",
    "荷塘",
    "芦洲",
    "鹤山",
    "鹿邑",
    "雁门",
    "鸿飞",
    "麒麟",
    "文昌",
    "武陵",
    "崇仁",
    "怀德",
    "广福",
    "太平",
    "和顺",
    "新丰",
    "宝丰",
    "平遥",
    "高陵",
    "双桥",
    "三河",
    "五里",
    "七星",
    "九龙",
    "百花",
    "千岛",
    "万寿",
    "红旗",
    "黄土",
    "蓝田",
    "紫阳",
]

TOPICS = (
    "行政规范性文件合法性审核",
    "重大行政决策程序",
    "行政执法公示制度",
    "执法全过程记录",
    "重大执法决定法制审核",
    "政务公开标准化规范化",
    "法治宣传教育",
    "行政复议体制改革",
    "行政应诉工作",
    "证明事项告知承诺制",
    "营商环境法治保障",
    "公共法律服务体系",
    "基层依法治理",
    "领导干部学法用法",
    "法律顾问制度",
    "行政调解工作",
    "信访工作法治化",
    "数字法治政府",
    "“互联网+监管”",
    "包容审慎监管",
    "行政裁量权基准",
    "综合行政执法改革",
    "行政执法人员培训",
    "政府信息依申请公开",
    "法治政府建设示范创建",
    "安全生产执法",
    "生态环境执法",
    "市场监管执法",
    "矛盾纠纷多元化解",
    "法治督察",
)
VERBS = ("全面落实", "深入推进", "健全完善", "严格执行", "持续加强", "规范开展", "加快推进", "认真组织")
SECTION_TITLES = (
    "依法全面履行政府职能",
    "健全依法行政制度体系",
    "推进行政决策科学化民主化法治化",
    "坚持严格规范公正文明执法",
    "强化对行政权力的制约和监督",
    "依法有效化解社会矛盾纠纷",
    "提升依法行政能力",
    "加强组织保障",
    "推进政务公开",
    "加快数字法治政府建设",
    "健全突发事件应对体系",
    "深化“放管服”改革",
)
CN_NUMBERS = "一二三四五六七八九十"
REPORT_TEXTS = (
    "已制定工作方案并组织实施，完成阶段性工作。",
    "已召开专题会议部署，明确责任分工和时间节点。",
    "已完成自查并形成报告，问题已建立台账逐项整改。",
    "已组织专题培训，覆盖全体执法人员。",
)
FAKE_URL = "https://www.example.gov.cn/fazhi/{}"


@dataclass
class ScaleResult:
    province: Unit
    units: int = 0
    plans: int = 0
    items: int = 0
    tasks: int = 0
    task_units: int = 0
    milestones: int = 0
    reports: int = 0
    evidence: int = 0
    orders: int = 0
    states: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.province.name}：单位 {self.units} 个，方案 {self.plans} 个（条目 {self.items}），"
            f"任务 {self.tasks} 项，任务单位 {self.task_units} 个，时间节点 {self.milestones} 个，"
            f"进展报告 {self.reports} 份（佐证 {self.evidence} 件），督办单 {self.orders} 份，"
            f"用时 {self.seconds:.1f} 秒"
        )


def tree_shape(units: int) -> tuple[int, list[int]]:
    """How many cities and how many counties under each, so the tree has about `units` units."""
    if units < MIN_UNITS:
        raise ValidationError(f"单位数量至少为 {MIN_UNITS}（一个省、一个市、一个县）")
    cities = max(1, round(units / 200))
    counties = max(cities, round((units - PROVINCE_UNITS - cities * CITY_UNITS) / COUNTY_UNITS))
    per_city = [counties // cities + (1 if i < counties % cities else 0) for i in range(cities)]
    return cities, per_city


# ------------------------------------------------------------------------------------------ the unit tree


@dataclass
class _Node:
    name: str
    kind: str
    level: str
    code: str = ""
    children: list[_Node] = field(default_factory=list)
    unit: Unit | None = None

    def add(self, name: str, kind: str, level: str | None = None) -> _Node:
        child = _Node(name, kind, level or self.level)
        self.children.append(child)
        return child


@dataclass
class _Region:
    """A region of the generated tree with the units that plans name."""

    node: _Node
    short: str  # 省 / 市 / 县 / 区, as in 县司法局
    office: _Node
    departments: list[_Node]
    parent: _Region | None = None
    subregions: list[_Region] = field(default_factory=list)
    towns: list[_Node] = field(default_factory=list)  # town governments (各镇)


def _government_units(node: _Node, short: str, departments: int, *, external: bool = False) -> _Region:
    node.add(f"{node.name}人民政府", Unit.Kind.GOVERNMENT)
    word = {"省": "省", "市": "市", "县": "县", "区": "区"}[short]
    office = node.add(f"中共{node.name}委全面依法治{word}委员会办公室", Unit.Kind.OFFICE)
    depts = []
    for suffix, _short in DEPARTMENTS[:departments]:
        if short == "省" and suffix.endswith("局") and suffix != "统计局":
            suffix = suffix[:-1] + "厅"
        depts.append(node.add(f"{node.name}{suffix}", Unit.Kind.DEPARTMENT))
    if external:
        for suffix, _short in EXTERNAL:
            node.add(f"{node.name}{suffix}", Unit.Kind.EXTERNAL)
    return _Region(node, short, office, depts)


def _build_tree(name: str, units: int, rng: random.Random) -> _Region:
    cities, per_city = tree_shape(units)
    names = list(PLACE_NAMES)
    rng.shuffle(names)
    pool = iter(names * (1 + (cities + sum(per_city)) // len(names)))
    root = _Node(name, Unit.Kind.REGION, Level.PROVINCE, code="990000")
    province = _government_units(root, "省", len(DEPARTMENTS), external=True)
    serial = 0
    for c in range(cities):
        city_node = root.add(f"{next(pool)}市", Unit.Kind.REGION, Level.CITY)
        city_node.code = f"99{c + 1:02d}00"
        city = _government_units(city_node, "市", CITY_DEPARTMENTS)
        city.parent = province
        province.subregions.append(city)
        for k in range(per_city[c]):
            serial += 1
            suffix = "区" if k == 0 else "县"
            county_node = city_node.add(f"{next(pool)}{suffix}", Unit.Kind.REGION, Level.COUNTY)
            county_node.code = f"99{c + 1:02d}{k + 1:02d}"
            county = _government_units(county_node, suffix, COUNTY_DEPARTMENTS)
            county.parent = city
            city.subregions.append(county)
            for t in range(TOWNS_PER_COUNTY):
                town = county_node.add(
                    f"{county_node.name[:2]}{CN_NUMBERS[t]}里镇", Unit.Kind.REGION, Level.TOWN
                )
                county.towns.append(town.add(f"{town.name}人民政府", Unit.Kind.GOVERNMENT))
    return province


def _next_root_step() -> int:
    last = Unit.objects.get_last_root_node()
    return Unit._str2int(last.path[: Unit.steplen]) + 1 if last else 1


def _save_tree(root: _Node, batch_size: int) -> int:
    """Give every node its materialised path (treebeard's own encoding) and insert them level by level."""
    root_path = Unit._get_path(None, 1, _next_root_step())
    rows: list[tuple[_Node, Unit]] = []

    def walk(node: _Node, path: str, depth: int) -> None:
        node.unit = Unit(
            name=node.name,
            kind=node.kind,
            level=node.level,
            code=node.code,
            path=path,
            depth=depth,
            numchild=len(node.children),
        )
        rows.append((node, node.unit))
        for index, child in enumerate(node.children, start=1):
            walk(child, Unit._get_path(path, depth + 1, index), depth + 1)

    walk(root, root_path, 1)
    Unit.objects.bulk_create([u for _, u in rows], batch_size=batch_size)
    return len(rows)


# ------------------------------------------------------------------------------------------ plans and tasks


def _deadline(rng: random.Random, years: tuple[int, int]) -> list[dict]:
    """One item's time requirement in the extraction engine's shape, in a plausible mix."""
    roll = rng.random()
    if roll < 0.50:
        year = rng.randint(*years)
        month = rng.randint(1, 12)
        if rng.random() < 0.5:
            when = schedule._month_end(year, month)
            text = f"{when.year}年{when.month}月底前"
        else:
            when = dt.date(year, month, rng.randint(1, 28))
            text = f"{when.year}年{when.month}月{when.day}日前"
        return [{"text": text, "kind": "due", "date": when.isoformat()}]
    if roll < 0.64:
        return [
            {"text": "每年12月底前报告", "kind": "recurring", "freq": "yearly", "times": None, "by": "12-31"}
        ]
    if roll < 0.70:
        return [
            {"text": "每半年报送一次", "kind": "recurring", "freq": "half_yearly", "times": None, "by": None}
        ]
    if roll < 0.77:
        return [
            {"text": "每季度至少开展1次", "kind": "recurring", "freq": "quarterly", "times": 1, "by": None}
        ]
    if roll < 0.80:
        return [{"text": "任期内至少接受1次", "kind": "recurring", "freq": "term", "times": 1, "by": None}]
    if roll < 0.83:
        return [{"text": "在10个工作日内", "kind": "relative", "days": 10, "trigger": "收到通知后"}]
    return []  # no time requirement: the ledger gives it the period end


@dataclass
class _Assignment:
    unit: Unit
    role: str
    source: str
    via: str = ""


def _assignments(
    region: _Region, rng: random.Random
) -> tuple[list[_Assignment], list[tuple[str, str, Unit | None]]]:
    """Task units of one item and the names the plan text gives them: (role, name as written, unit or None).

    One item in twenty names no lead (as plans do); like the ledger, its task then belongs to the office,
    which also reports on it when nobody else is named.
    """
    found: list[_Assignment] = []
    named: list[tuple[str, str, Unit | None]] = []
    lead = None
    if rng.random() >= 0.05:
        lead = rng.choice(
            region.departments[:8] if rng.random() < 0.6 else region.departments + [region.office]
        )
        found.append(_Assignment(lead.unit, TaskUnit.Role.LEAD, TaskUnit.Source.PLAN))
        named.append(("lead", lead.name, lead.unit))
    others = [d for d in region.departments if d is not lead]
    for coop in rng.sample(others, rng.choice((0, 1, 1, 2))):
        found.append(_Assignment(coop.unit, TaskUnit.Role.COOPERATING, TaskUnit.Source.PLAN))
        named.append(("cooperating", coop.name, coop.unit))
        others.remove(coop)
    roll = rng.random()
    if roll < 0.10 and (region.towns or region.subregions):
        if region.towns:
            via, members = "各镇", region.towns
        else:
            via, members = "各县（市、区）", [sub.office for sub in region.subregions]
        found += [
            _Assignment(m.unit, TaskUnit.Role.RESPONSIBLE, TaskUnit.Source.COLLECTIVE, via) for m in members
        ]
        named.append(("responsible", via, None))
    elif roll < 0.40:
        for dept in rng.sample(others, rng.choice((1, 1, 2))):
            found.append(_Assignment(dept.unit, TaskUnit.Role.RESPONSIBLE, TaskUnit.Source.PLAN))
            named.append(("responsible", dept.name, dept.unit))
    if not any(a.role != TaskUnit.Role.COOPERATING for a in found):
        found.append(_Assignment(region.office.unit, TaskUnit.Role.RESPONSIBLE, TaskUnit.Source.OFFICE))
    return found, named


def _unit_phrase(named: list[tuple[str, str, Unit | None]]) -> str:
    lead = [n for r, n, _ in named if r == "lead"]
    coop = [n for r, n, _ in named if r == "cooperating"]
    resp = [n for r, n, _ in named if r == "responsible"]
    parts = [f"{'、'.join(lead)}牵头"] if lead else []
    if coop:
        parts.append(f"{'、'.join(coop)}配合")
    if resp:
        parts.append(f"{'、'.join(resp)}负责")
    return "（" + "，".join(parts) + "）" if parts else ""


def _cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二 (section numbers up to 19)."""
    return CN_NUMBERS[n - 1] if n <= 10 else f"十{CN_NUMBERS[n - 11]}"


def _split(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, largest remainders first, summing exactly to `total`."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    counts = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[i] += 1
    return counts


# ------------------------------------------------------------------------------------------ states and reports


def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


class _Writer:
    """Collects rows and writes them with bulk_create once a batch is full (ids come back on both databases)."""

    def __init__(self, batch_size: int):
        self.batch_size = batch_size

    def write(self, model, rows: list) -> list:
        if rows:
            model.objects.bulk_create(rows, batch_size=self.batch_size)
        return rows


def _milestone_state(m: Milestone, today: dt.date, rng: random.Random) -> None:
    roll = rng.random()
    if m.due_on < today:
        if roll < 0.70:
            m.state, m.outcome = Milestone.State.CLOSED, Milestone.Outcome.ON_TIME
            m.completed_on = m.due_on - dt.timedelta(days=rng.randint(0, 30))
        elif roll < 0.82:
            m.state, m.outcome = Milestone.State.CLOSED, Milestone.Outcome.LATE
            m.completed_on = min(today, m.due_on + dt.timedelta(days=rng.randint(1, 40)))
        elif roll < 0.98:
            m.state = Milestone.State.OVERDUE
        else:
            m.state = Milestone.State.CANCELLED
    elif roll < 0.12:
        m.state, m.outcome = Milestone.State.CLOSED, Milestone.Outcome.ON_TIME
        m.completed_on = today - dt.timedelta(days=rng.randint(0, 20))
    elif roll < 0.14:
        m.state = Milestone.State.CANCELLED
    else:
        m.state = Milestone.State.DUE_SOON if m.warn_on <= today else Milestone.State.OPEN


def _reports_for(m: Milestone, today: dt.date, rng: random.Random) -> list[ProgressReport]:
    """The report history a milestone in this state would have (most recent last)."""
    S = ProgressReport.State
    text = f"{m.task.title[:40]}：{rng.choice(REPORT_TEXTS)}"
    if m.state == Milestone.State.CLOSED:
        submitted = _aware(m.completed_on, 9 + rng.randint(0, 7))
        return [
            ProgressReport(
                milestone=m,
                unit_id=m.unit_id,
                text=text + "全部完成。",
                percent=100,
                completed=True,
                state=S.ACCEPTED,
                submitted_at=submitted,
                reviewed_at=submitted + dt.timedelta(hours=5),
                review_comment="材料齐全，予以采纳",
                created_at=submitted - dt.timedelta(days=1),
            )
        ]
    if m.state not in Milestone.OPEN_STATES:
        return []
    roll = rng.random()
    day = min(today, m.due_on) - dt.timedelta(days=rng.randint(0, 20))
    percent = rng.choice((30, 50, 60, 80, 90))
    if roll < 0.18:
        state = S.SUBMITTED
    elif roll < 0.24:
        state = S.RETURNED
    elif roll < 0.32:
        state = S.DRAFT
    else:
        return []
    report = ProgressReport(
        milestone=m,
        unit_id=m.unit_id,
        text=text + "下一步将继续推进。",
        percent=percent,
        completed=percent >= 90,
        state=state,
        created_at=_aware(day, 9),
    )
    if state != S.DRAFT:
        report.submitted_at = _aware(day, 9 + rng.randint(0, 8))
    if state == S.RETURNED:
        report.reviewed_at = report.submitted_at + dt.timedelta(days=1)
        report.review_comment = "请补充具体措施、完成时间和佐证材料"
    return [report]


# ------------------------------------------------------------------------------------------ the generator


@transaction.atomic
def generate_province(
    *,
    units: int = 2000,
    tasks: int = 50000,
    seed: int = 2026,
    name: str = "规模省",
    today: dt.date | None = None,
    batch_size: int = 2000,
    progress: Callable[[str], None] | None = None,
) -> ScaleResult:
    """Add a synthetic province of about `units` units whose plans carry `tasks` tasks (see the module doc)."""
    if tasks < 1:
        raise ValidationError("任务数量至少为 1")
    if Unit.objects.get_root_nodes().filter(name=name).exists():
        raise ValidationError(f"已存在名为“{name}”的顶层行政区，请换一个名称或使用新的数据库")
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
    rng = random.Random(seed)
    today = today or timezone.localdate()
    writer = _Writer(batch_size)

    province = _build_tree(name, units, rng)
    result = ScaleResult(province=province.node.unit)  # set below once saved
    result.units = _save_tree(province.node, batch_size)
    result.province = province.node.unit
    say(f"单位树：{result.units} 个单位")

    regions = [province] + province.subregions + [c for city in province.subregions for c in city.subregions]
    weight = {Level.PROVINCE: 4.0, Level.CITY: 2.0, Level.COUNTY: 1.0}
    # Two plans per region: the multi-year 实施方案 carries 60 % of its tasks, the year's 工作要点 the rest.
    plan_specs: list[tuple[_Region, str]] = [(r, kind) for r in regions for kind in ("scheme", "points")]
    per_plan = _split(tasks, [weight[r.node.level] * (0.6 if k == "scheme" else 0.4) for r, k in plan_specs])
    warn = WarnDates(DEFAULT_WARN_WORKING_DAYS)

    year = today.year
    upper: dict[tuple[int, str], Plan] = {}
    for (region, kind), count in zip(plan_specs, per_plan, strict=True):
        if kind == "scheme":
            years = (year - 1, year)
            title = f"{region.node.name}法治政府建设实施方案（{year - 1}—{year}年）"
            issued = dt.date(year - 1, 3, 1) + dt.timedelta(days=rng.randint(0, 60))
        else:
            years = (year, year)
            title = f"{region.node.name}{year}年法治政府建设工作要点"
            issued = dt.date(year, 2, 1) + dt.timedelta(days=rng.randint(0, 50))
        plan = Plan.objects.create(
            jurisdiction=region.node.unit,
            title=title,
            issuer=f"{region.node.name}人民政府",
            doc_number=f"{region.node.name[:1]}政发〔{issued.year}〕{rng.randint(1, 60)}号",
            issued_on=issued,
            level=region.node.level,
            period_start=years[0],
            period_end=years[1],
            upper_plan=upper.get((id(region.parent), kind)) if region.parent else None,
            source_name=f"{title}.docx",
        )
        upper[(id(region), kind)] = plan
        result.plans += 1
        _generate_plan(plan, region, count, years, today, rng, warn, writer, result)
        say(f"  {title}：{count} 项任务")

    result.orders = _generate_orders(regions, today, rng)
    result.seconds = time.perf_counter() - started
    oplog.record(
        None,
        "supervision.generate_scale",
        result.province,
        after={
            "units": result.units,
            "plans": result.plans,
            "tasks": result.tasks,
            "milestones": result.milestones,
            "reports": result.reports,
            "seed": seed,
            "today": today.isoformat(),
        },
    )
    return result


def _generate_plan(
    plan: Plan,
    region: _Region,
    count: int,
    years: tuple[int, int],
    today: dt.date,
    rng: random.Random,
    warn: Callable[[dt.date], dt.date],
    writer: _Writer,
    result: ScaleResult,
) -> None:
    sections = max(1, min(len(SECTION_TITLES), count // 40))
    per_section = _split(count, [1.0] * sections)
    # A heading comes before its items in document order: 1, items 2..n+1, the next heading n+2, …
    head_orders = [1 + s + sum(per_section[:s]) for s in range(sections)]
    heads = writer.write(
        PlanItem,
        [
            PlanItem(
                plan=plan,
                order=head_orders[s],
                path=[_cn_number(s + 1)],
                label=_cn_number(s + 1),
                title=SECTION_TITLES[s],
                text="",
            )
            for s in range(sections)
        ],
    )
    items: list[PlanItem] = []
    meta: list[tuple[list[_Assignment], list[tuple[str, str, Unit | None]]]] = []
    for head, n in zip(heads, per_section, strict=True):
        order = head.order
        for k in range(1, n + 1):
            order += 1
            assigned, named = _assignments(region, rng)
            topic = rng.choice(TOPICS)
            deadlines = _deadline(rng, years)
            when = deadlines[0]["text"] if deadlines else ""
            text = (
                f"{rng.choice(VERBS)}{topic}工作，{rng.choice(VERBS)}相关配套制度"
                f"{('，' + when + '完成') if when else ''}。{_unit_phrase(named)}"
            )
            items.append(
                PlanItem(
                    plan=plan,
                    parent=head,
                    order=order,
                    path=[head.label, str(k)],
                    label=str(k),
                    text=text,
                    deadlines=deadlines,
                )
            )
            meta.append((assigned, named))
    writer.write(PlanItem, items)
    writer.write(
        PlanItemUnit,
        [
            PlanItemUnit(item=item, role=role, name=name[:100], unit=unit, is_collective=unit is None)
            for item, (_, named) in zip(items, meta, strict=True)
            for role, name, unit in named
        ],
    )
    new_tasks = writer.write(
        Task,
        [
            Task(
                plan=plan,
                item=item,
                owner_unit=next(
                    (a.unit for a in assigned if a.role == TaskUnit.Role.LEAD), region.office.unit
                ),
                order=item.order,
                label=" ".join(item.path)[:60],
                title=item.text.split("。")[0][:300],
                text=item.text,
                deadlines=item.deadlines,
            )
            for item, (assigned, _) in zip(items, meta, strict=True)
        ],
    )
    task_units = [
        TaskUnit(task=task, unit=a.unit, role=a.role, source=a.source, via=a.via)
        for task, (assigned, _) in zip(new_tasks, meta, strict=True)
        for a in assigned
    ]
    writer.write(TaskUnit, task_units)
    milestones: list[Milestone] = []
    for task, (assigned, _) in zip(new_tasks, meta, strict=True):
        found = schedule.occurrences(task.deadlines, years)
        if not found and not schedule.has_dated_requirement(task.deadlines):
            found = [schedule.default_occurrence(years)]
        for occ in found:
            for a in assigned:
                if a.role == TaskUnit.Role.COOPERATING:
                    continue
                m = Milestone(
                    task=task,
                    plan_id=task.plan_id,
                    unit_id=a.unit.pk,
                    key=occ.key,
                    kind=occ.kind,
                    label=occ.label[:100],
                    deadline_text=occ.text[:200],
                    deadline_index=occ.index,
                    due_on=occ.due,
                    warn_on=warn(occ.due),
                )
                _milestone_state(m, today, rng)
                milestones.append(m)
    writer.write(Milestone, milestones)
    reports = [r for m in milestones for r in _reports_for(m, today, rng)]
    writer.write(ProgressReport, reports)
    evidence = []
    report_type = ContentType.objects.get_for_model(ProgressReport)
    for r in reports:
        if r.state != ProgressReport.State.DRAFT and rng.random() < 0.4:
            # The province's root path keeps tokens unique when several provinces share a seed.
            token = f"{result.province.path}{rng.getrandbits(112):028x}"
            evidence.append(
                Attachment(
                    owner_type=report_type,
                    owner_id=r.pk,
                    slot="evidence",
                    kind=Attachment.Kind.LINK,
                    token=token,
                    url=FAKE_URL.format(token[:12]),
                    title="工作开展情况",
                    uploaded_at=r.submitted_at or r.created_at,
                )
            )
    writer.write(Attachment, evidence)
    result.items += len(heads) + len(items)
    result.tasks += len(new_tasks)
    result.task_units += len(task_units)
    result.milestones += len(milestones)
    for m in milestones:
        result.states[m.state] = result.states.get(m.state, 0) + 1
    result.reports += len(reports)
    result.evidence += len(evidence)


def _generate_orders(regions: list[_Region], today: dt.date, rng: random.Random) -> int:
    """Two supervision orders per region's office, each about a lagging department's overdue milestones."""
    count = 0
    for region in regions:
        serial = 0
        lagging = set(
            Milestone.objects.filter(
                unit__in=[d.unit for d in region.departments], state=Milestone.State.OVERDUE
            )
            .values_list("unit_id", flat=True)
            .distinct()
        )
        candidates = [d for d in region.departments if d.unit.pk in lagging]
        for dept in rng.sample(candidates, min(2, len(candidates))):
            overdue = list(
                Milestone.objects.filter(unit=dept.unit, state=Milestone.State.OVERDUE).order_by(
                    "due_on", "id"
                )[:3]
            )
            if not overdue:
                continue
            serial += 1
            issued = today - dt.timedelta(days=rng.randint(1, 30))
            replied = rng.random() < 0.4
            order = SupervisionOrder.objects.create(
                jurisdiction=region.node.unit,
                issuer=region.office.unit,
                recipient=dept.unit,
                year=issued.year,
                serial=serial,
                number=f"{region.node.name[:1]}法督〔{issued.year}〕{serial}号",
                subject=f"关于督促{dept.name}加快推进逾期任务的通知",
                body="请于规定期限内书面回复整改情况。",
                issued_on=issued,
                reply_working_days=5,
                reply_due_on=calendar.add_working_days(issued, 5).date,
                state=SupervisionOrder.State.REPLIED
                if replied
                else (
                    SupervisionOrder.State.OVERDUE
                    if issued < today - dt.timedelta(days=7)
                    else SupervisionOrder.State.ISSUED
                ),
                reply_text="已按要求整改。" if replied else "",
                replied_at=_aware(issued + dt.timedelta(days=3)) if replied else None,
            )
            order.milestones.set(overdue)
            order.tasks.set({m.task_id for m in overdue})
            # Its reply clock, as 下发 and 回复 give it (the daily scan marks the open ones 逾期).
            clocks.event(workflows.ORDER, order, "reply", "start", issued)
            if replied:
                clocks.event(workflows.ORDER, order, "reply", "stop", issued + dt.timedelta(days=3))
            count += 1
    return count
