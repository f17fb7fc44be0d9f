"""Milestone outcome rates (完成率, 按期完成率, 逾期率) by unit, region, plan section and month.

Rates count outcomes — milestones met on time, met late or missed — never activity (logins, uploads,
reports written). Every function takes a `Milestone` queryset that the caller has already narrowed to
what the user may see (`Milestone.objects.for_user(user)`) and to whatever else it wants (a plan, a
region), and computes in aggregate queries (`values().annotate(Count(filter=...))`), so the cost does
not grow with Python loops over milestones. The assessment module (考核) calls the same functions.

Definitions, judged **as of a date** `as_of` (default today) from each milestone's deadline
(`due_on`), `state`, `outcome` and `completed_on` — not from the 临期/逾期 state the nightly scan
writes, so the figures are right before the scan has run and for any past date (a milestone closed
after `as_of` counts as still open at `as_of`):

* Cancelled milestones (已取消: a unit removed from a task, a withdrawn deadline) are left out entirely.
* *closed by as_of*: ``state = closed`` and ``completed_on <= as_of``.
* **due** (应完成): ``due_on <= as_of``. Every due milestone is exactly one of:
    - **on_time** (按期完成): closed by as_of with ``outcome = on_time`` (completed on or before the deadline);
    - **late** (逾期完成): closed by as_of with any other outcome (``late``: completed after the deadline);
    - **overdue** (逾期未完成): ``due_on < as_of`` and not closed by as_of;
    - **due_today** (当日到期): ``due_on = as_of`` and not closed by as_of — due, not yet late.
* Not due yet (``due_on > as_of``), outside every rate's denominator: **ahead** (提前完成: already closed)
  and **upcoming** (未到期: open).

Rates over the due milestones, each None (no data, never 100%) when nothing is due:

* **completion_rate** 完成率 = (on_time + late) / due;
* **on_time_rate** 按期完成率 = on_time / due;
* **missed_rate** 逾期率 = (late + overdue) / due — as offices count it: every milestone not met by its
  deadline, whether finished late (逾期完成) or still open (逾期未完成);
* **overdue_rate** 逾期未完成率 = overdue / due (still open past the deadline).

So completion_rate + overdue_rate + due_today / due = 1, and on_time_rate + missed_rate + due_today / due = 1.

Per-task figures (`task_rates`) count each task's deadline occurrences once, by its lead's milestones
(the task is done when the lead's report is accepted), beside the per-unit figures above.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db.models import Case, CharField, Count, F, Min, Q, QuerySet, Value, When
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone

from fazhi.core.models import Level, Unit
from fazhi.plans.models import Plan, PlanItem
from fazhi.supervision.models import Milestone

COUNTS = ("on_time", "late", "overdue", "due_today", "ahead", "upcoming")
RATE_LABELS = {"completion_rate": "完成率", "on_time_rate": "按期完成率", "missed_rate": "逾期率",
               "overdue_rate": "逾期未完成率"}
# Shown on the dashboard under the figures: what each rate counts.
RATE_DEFINITIONS = [
    ("应完成", "截止日期不晚于统计日的节点（已取消的不计）"),
    ("完成率", "（按期完成 + 逾期完成）÷ 应完成"),
    ("按期完成率", "按期完成 ÷ 应完成"),
    ("逾期率", "（逾期完成 + 逾期未完成）÷ 应完成：未在截止日期前完成的节点，无论后来是否完成"),
    ("逾期未完成率", "逾期未完成 ÷ 应完成：已过截止日期仍未完成的节点"),
    ("按任务统计", "每项任务的每个时间节点只计一次，以牵头单位的节点为准（牵头单位报告被采纳即为完成）"),
]
# Statuses a drill-down list can ask for: the counts above, and their sums.
STATUS_LABELS = {
    "due": "应完成",
    "on_time": "按期完成",
    "late": "逾期完成",
    "overdue": "逾期未完成",
    "due_today": "当日到期",
    "closed": "已完成",
    "missed": "未按期（逾期完成或逾期未完成）",
    "unfinished": "到期未完成",
    "ahead": "提前完成",
    "upcoming": "未到期",
}
# Regions from the top of the tree down; a region chart groups by one of these levels.
REGION_LEVELS = [Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWN]

CHINESE_NUMERALS = "一二三四五六七八九十百"

By = Literal["total", "unit", "region", "section", "plan", "unit_plan"]


def _closed(as_of: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}state": Milestone.State.CLOSED, f"{prefix}completed_on__lte": as_of})


def status_q(status: str, as_of: dt.date, prefix: str = "") -> Q:
    """The filter of one status of `STATUS_LABELS` as of `as_of` (cancelled milestones not excluded here).

    `prefix` ("milestones__") applies it across a relation. The counts of `milestone_rates` use exactly
    these filters, so a drill-down list shows the milestones a chart counted.
    """
    p = prefix
    closed = _closed(as_of, p)
    on_time = Q(**{f"{p}outcome": Milestone.Outcome.ON_TIME})
    due = Q(**{f"{p}due_on__lte": as_of})
    filters = {
        "on_time": due & closed & on_time,
        "late": due & closed & ~on_time,
        "overdue": Q(**{f"{p}due_on__lt": as_of}) & ~closed,
        "due_today": Q(**{f"{p}due_on": as_of}) & ~closed,
        "ahead": Q(**{f"{p}due_on__gt": as_of}) & closed,
        "upcoming": Q(**{f"{p}due_on__gt": as_of}) & ~closed,
        "due": due,
        "closed": due & closed,
        "missed": due & ((closed & ~on_time) | (Q(**{f"{p}due_on__lt": as_of}) & ~closed)),
        "unfinished": due & ~closed,
    }
    if status not in filters:
        raise ValueError(f"未知的节点状态：{status}")
    return filters[status]


def annotate_status(milestones: QuerySet, as_of: dt.date) -> QuerySet:
    """Each milestone with `as_of_status`, one of `COUNTS` (or "cancelled"), by the same filters."""
    whens = [When(status_q(name, as_of), then=Value(name)) for name in COUNTS]
    return milestones.annotate(
        as_of_status=Case(
            When(state=Milestone.State.CANCELLED, then=Value("cancelled")), *whens, output_field=CharField()
        )
    )


def status_as_of(m: Milestone, as_of: dt.date) -> str:
    """`annotate_status` of one milestone already read (its state, outcome, due_on and completed_on), in
    Python: the same rules as `status_q`, for a table of a page's rows, where the CASE of seven filters cost
    more to build and compile than the query it sat in."""
    if m.state == Milestone.State.CANCELLED:
        return "cancelled"
    closed = m.state == Milestone.State.CLOSED and m.completed_on is not None and m.completed_on <= as_of
    if m.due_on <= as_of and closed:
        return "on_time" if m.outcome == Milestone.Outcome.ON_TIME else "late"
    if m.due_on > as_of:
        return "ahead" if closed else "upcoming"
    return "overdue" if m.due_on < as_of else "due_today"


def _counts(as_of: dt.date) -> dict[str, Count]:
    return {name: Count("pk", filter=status_q(name, as_of)) for name in COUNTS}


def live(milestones: QuerySet) -> QuerySet:
    """The milestones that count: all but the cancelled ones."""
    return milestones.exclude(state=Milestone.State.CANCELLED)


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass
class RateRow:
    """The counts of one group (a unit, a region, a plan section, a plan, or everything) and its rates.

    `key` identifies the group for drill-down: a unit or region id, a plan id, ``(plan id, section
    label)`` for a section, None for the total. A region row with `own_level` holds the region's own
    units (本级: its government and departments) rather than everything under it.
    """

    key: Any = None
    label: str = "合计"
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    due_today: int = 0
    ahead: int = 0
    upcoming: int = 0
    unit: Unit | None = None
    own_level: bool = False
    order: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def due(self) -> int:
        return self.on_time + self.late + self.overdue + self.due_today

    @property
    def completed(self) -> int:
        return self.on_time + self.late

    @property
    def total(self) -> int:
        return self.due + self.ahead + self.upcoming

    @property
    def completion_rate(self) -> float | None:
        return _ratio(self.completed, self.due)

    @property
    def on_time_rate(self) -> float | None:
        return _ratio(self.on_time, self.due)

    @property
    def overdue_rate(self) -> float | None:
        return _ratio(self.overdue, self.due)

    @property
    def missed(self) -> int:
        return self.late + self.overdue

    @property
    def missed_rate(self) -> float | None:
        return _ratio(self.missed, self.due)

    def add(self, other: RateRow) -> None:
        # Spelled out (not a loop over COUNTS with getattr/setattr): a province's dashboard adds up
        # thousands of unit × plan rows several times per request.
        self.on_time += other.on_time
        self.late += other.late
        self.overdue += other.overdue
        self.due_today += other.due_today
        self.ahead += other.ahead
        self.upcoming += other.upcoming

    def as_dict(self) -> dict:
        """Counts and rates as plain values (for the API, exports and the assessment module)."""
        data = {name: getattr(self, name) for name in COUNTS}
        data.update(due=self.due, completed=self.completed, missed=self.missed, total=self.total)
        data.update({name: getattr(self, name) for name in RATE_LABELS})
        return data


def _row(values: dict, **attrs: Any) -> RateRow:
    return RateRow(**{name: values[name] for name in COUNTS}, **attrs)


def worst_first(rows: Iterable[RateRow]) -> list[RateRow]:
    """Rows with something due, lowest on-time rate first (then lowest completion, most overdue)."""
    rated = [r for r in rows if r.due]
    return sorted(rated, key=lambda r: (r.on_time_rate, r.completion_rate, -r.overdue, r.label))


def total(rows: Iterable[RateRow]) -> RateRow:
    """The sum of rows that do not overlap (e.g. the per-unit rows) — the same as `by="total"`."""
    result = RateRow()
    for row in rows:
        result.add(row)
    return result


# --------------------------------------------------------------------------------------------- grouping


IN_BATCH = 5000  # ids per IN list: one query up to a province's units, within SQLite's variable limit


def _unit_names(unit_ids: set[int]) -> dict[int, tuple[str, str]]:
    """(name, path) of each unit."""
    ids = sorted(unit_ids)
    found: dict[int, tuple[str, str]] = {}
    for start in range(0, len(ids), IN_BATCH):
        for pk, name, path in Unit.objects.filter(pk__in=ids[start : start + IN_BATCH]).values_list(
            "pk", "name", "path"
        ):
            found[pk] = (name, path)
    return found


def _by_unit_and_plan(milestones: QuerySet, as_of: dt.date, with_tasks: bool = False) -> list[RateRow]:
    """One row per (unit, plan): the finest grouping the unit, plan, region and total rows add up from.

    The aggregate groups by ids only (names and paths in the GROUP BY would make the database sort long
    strings for every milestone); names come after. Nothing but the six counts is aggregated: on a
    province every extra aggregate is evaluated for each of 160,000 milestones. It groups by the
    milestone's own copy of the plan, then the unit, which is the order of the covering index
    `milestone_plan_unit_outcome`: a province reads that index alone, in order, without a sort.

    `with_tasks` also counts, per pair, the milestones that stand for their task (`task_milestones`: the
    lead's) into ``extra["task"]`` (a `RateRow`), so `task_total` gives the per-task figures of the same
    milestones without a query of their own; it joins each milestone to its task.
    """
    counts = _counts(as_of)
    if with_tasks:
        lead = Q(unit_id=F("task__owner_unit_id"))
        counts.update({f"task_{name}": Count("pk", filter=status_q(name, as_of) & lead) for name in COUNTS})
    values = list(live(milestones).order_by().values("plan", "unit").annotate(**counts))
    if not values:
        return []
    unit_ids = {v["unit"] for v in values}
    units = _unit_names(unit_ids)
    plans = {
        pk: (title, path)
        for pk, title, path in Plan.objects.filter(pk__in={v["plan"] for v in values}).values_list(
            "pk", "title", "jurisdiction__path"
        )
    }
    rows = []
    for v in values:
        unit_name, unit_path = units.get(v["unit"], ("", ""))
        plan_title, plan_path = plans.get(v["plan"], ("", ""))
        rows.append(
            _row(
                v,
                key=(v["unit"], v["plan"]),
                label=f"{unit_name} · {plan_title}",
                extra={
                    "unit": v["unit"],
                    "unit_name": unit_name,
                    "path": unit_path,
                    "plan": v["plan"],
                    "plan_title": plan_title,
                    "plan_path": plan_path,
                    **({"task": RateRow(**{name: v[f"task_{name}"] for name in COUNTS})} if with_tasks else {}),
                },
            )
        )
    return rows


def merge(rows: Iterable[RateRow], by: Literal["unit", "plan"]) -> list[RateRow]:
    """Add up the rows of `milestone_rates(by="unit_plan")` per unit (by path) or per plan (by region, title)."""
    merged: dict[int, RateRow] = {}
    for row in rows:
        extra = row.extra
        key = extra[by]
        target = merged.get(key)
        if target is None:
            if by == "unit":
                target = RateRow(key=key, label=extra["unit_name"], extra={"path": extra["path"]})
            else:
                target = RateRow(key=key, label=extra["plan_title"], extra={"path": extra["plan_path"]})
            merged[key] = target
        target.add(row)
    return sorted(merged.values(), key=lambda r: (r.extra["path"], r.label))


def _common_prefix(paths: list[str], steplen: int) -> str:
    first, last = min(paths), max(paths)
    length = 0
    while length < min(len(first), len(last)) and first[length] == last[length]:
        length += 1
    return first[: length - length % steplen]


def region_levels_below(level: str | None) -> list[str]:
    """The region levels under `level` (all of them under None), top first."""
    if level not in REGION_LEVELS:
        return list(REGION_LEVELS)
    return REGION_LEVELS[REGION_LEVELS.index(level) + 1 :]


def rows_by_region(unit_rows: list[RateRow], level: str | None = None) -> list[RateRow]:
    """Roll per-unit rows up to regions of `level` (e.g. the towns of a county).

    A unit counts for the region of that level above it (or itself, if it is one); a unit with no such
    region above it — a county's own departments when grouping by town — counts for its nearest region
    as that region's 本级 row (`own_level`). Default level: the one below the highest region common to
    all units. One query (the regions), then a pass over the unit rows, never over milestones.
    """
    if not unit_rows:
        return []
    steplen = Unit.steplen
    paths = [r.extra["path"] for r in unit_rows]
    prefix = _common_prefix(paths, steplen)
    above = [prefix[:i] for i in range(steplen, len(prefix) + 1, steplen)]
    regions = {
        u.path: u
        for u in Unit.objects.filter(kind=Unit.Kind.REGION)
        .filter(Q(path__startswith=prefix) | Q(path__in=above))
        .only("id", "name", "path", "level", "depth")
    }
    if level is None:
        common = next((regions[p] for p in reversed(above) if p in regions), None)
        below = region_levels_below(common.level if common else None)
        level = below[0] if below else Level.TOWN
    buckets: dict[tuple[int, bool], RateRow] = {}
    for row in unit_rows:
        path = row.extra["path"]
        ancestors = [path[:i] for i in range(len(path), 0, -steplen)]  # self first, then upwards
        found = [regions[p] for p in ancestors if p in regions]
        target = next((r for r in found if r.level == level), None)
        own = target is None
        if own:
            if not found:
                continue  # a unit under no region at all (a root department): no region to show it under
            target = found[0]
        bucket = buckets.get((target.pk, own))
        if bucket is None:
            label = f"{target.name}本级" if own else target.name
            bucket = buckets[(target.pk, own)] = RateRow(
                key=target.pk,
                label=label,
                unit=target,
                own_level=own,
                extra={"path": target.path, "level": level},
            )
        bucket.add(row)
    return sorted(buckets.values(), key=lambda r: r.extra["path"])


def region_bucket_q(region: Unit, level: str, prefix: str = "unit__") -> Q:
    """The units counted in `rows_by_region`'s row for `region` at `level`: the filter a drill-down uses.

    A region of that level: everything under it. Otherwise its 本级: its subtree without the regions
    inside it (each of which has its own rows).
    """
    q = Q(**{f"{prefix}path__startswith": region.path})
    if region.level == level:
        return q
    inner = (
        Unit.objects.filter(kind=Unit.Kind.REGION, path__startswith=region.path, depth__gt=region.depth)
        .order_by("path")
        .values_list("path", flat=True)
    )
    kept: list[str] = []
    for path in inner:  # the outermost inner regions only: the others are inside them
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    for path in kept:
        q &= ~Q(**{f"{prefix}path__startswith": path})
    return q


def _by_section(milestones: QuerySet, as_of: dt.date) -> list[RateRow]:
    """Group by plan and the top-level section (一、二、…) of each task's plan item, in plan order."""
    values = (
        live(milestones)
        .order_by()
        .values("task__plan", section=KeyTextTransform("0", "task__item__path"))
        .annotate(first=Min("task__item__order"), **_counts(as_of))
    )
    values = list(values)
    plan_ids = {v["task__plan"] for v in values}
    titles: dict[tuple[int, str], str] = {}
    for item in PlanItem.objects.filter(plan_id__in=plan_ids, parent__isnull=True).only(
        "plan_id", "path", "title", "text"
    ):
        if item.path:
            titles.setdefault((item.plan_id, item.path[0]), item.title or item.text[:24])
    plans = dict(Plan.objects.filter(pk__in=plan_ids).values_list("pk", "title")) if len(plan_ids) > 1 else {}
    rows = []
    for v in values:
        section = v["section"] or ""
        title = titles.get((v["task__plan"], section), "")
        joiner = "、" if section and section[-1] in CHINESE_NUMERALS else " "
        label = f"{section}{joiner}{title}" if title and section else (section or "（未分部分）")
        if plans:
            label = f"{plans.get(v['task__plan'], '')} · {label}"
        rows.append(
            _row(
                v,
                key=(v["task__plan"], section),
                label=label,
                order=v["first"] or 0,
                extra={"plan": v["task__plan"], "section": section},
            )
        )
    return sorted(rows, key=lambda r: (r.extra["plan"], r.order))


def milestone_rates(
    milestones: QuerySet,
    by: By = "total",
    as_of: dt.date | None = None,
    *,
    level: str | None = None,
    with_tasks: bool = False,
) -> list[RateRow]:
    """The outcome counts and rates of `milestones` (already scoped) as of `as_of`, grouped `by`:

    * ``"total"``: one row for everything;
    * ``"unit"``: one row per reporting unit (`key` = unit id);
    * ``"region"``: one row per region of `level` (see `rows_by_region`; `key` = region id);
    * ``"section"``: one row per top-level section of each plan (`key` = (plan id, section label));
    * ``"plan"``: one row per plan (`key` = plan id);
    * ``"unit_plan"``: one row per unit and plan (`key` = (unit id, plan id)), which `merge` adds up to
      the unit or plan rows and `total` to the total — one query for a page that shows all of them; with
      `with_tasks`, `task_total` adds up the per-task figures (`task_rates`) from the same rows.

    Only groups with at least one live milestone appear. Definitions: the module docstring.
    """
    as_of = as_of or timezone.localdate()
    if by == "total":
        return [_row(live(milestones).aggregate(**_counts(as_of)))]
    if by == "section":
        return _by_section(milestones, as_of)
    pairs = _by_unit_and_plan(milestones, as_of, with_tasks and by == "unit_plan")
    if by == "unit_plan":
        return pairs
    if by in ("unit", "plan"):
        return merge(pairs, by)
    if by == "region":
        return rows_by_region(merge(pairs, "unit"), level)
    raise ValueError(f"未知的分组方式：{by}")


def task_milestones(milestones: QuerySet) -> QuerySet:
    """The milestones that stand for their task: the lead's (the task's owning unit's) only."""
    return milestones.filter(unit_id=F("task__owner_unit_id"))


def task_rates(milestones: QuerySet, as_of: dt.date | None = None) -> RateRow:
    """Per-task counts: each task's deadline occurrence once, done when the lead's report is accepted.

    An occurrence that only other units carry (各执法部门于……前) has no lead milestone and is counted
    in the per-unit figures only.
    """
    return milestone_rates(task_milestones(milestones), "total", as_of)[0]


def task_total(pairs: Iterable[RateRow]) -> RateRow:
    """`task_rates` of the milestones behind `milestone_rates(..., "unit_plan", with_tasks=True)` rows."""
    result = RateRow()
    for row in pairs:
        result.add(row.extra["task"])
    return result


# --------------------------------------------------------------------------------------------- trend


@dataclass
class MonthRow:
    """The milestones due in one month and how they stand as of the report date."""

    month: dt.date
    on_time: int = 0
    late: int = 0
    open: int = 0  # overdue or due today, not closed

    @property
    def due(self) -> int:
        return self.on_time + self.late + self.open

    @property
    def on_time_rate(self) -> float | None:
        return _ratio(self.on_time, self.due)


def _month_start(day: dt.date, back: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def monthly_outcomes(
    milestones: QuerySet,
    as_of: dt.date | None = None,
    months: int = 12,
    *,
    last: dt.date | None = None,
    wide: bool = False,
) -> list[MonthRow]:
    """Per month of deadline, the milestones due then: closed on time, closed late, still open (as of `as_of`).

    The window is the `months` months ending with the month of the last deadline on or before `as_of`
    (so a plan whose deadlines all lie in the past still shows its record). One query, grouped by day of
    deadline (a few hundred dates) and added up per month here.

    Without `last` or `wide` the deadline is not in the WHERE clause: a range on it would make SQLite walk
    the deadline index across every region instead of starting from the few units of a county's scope.
    Pass `last` (the last deadline on or before `as_of`) or `wide=True` for a province-wide scope, where
    reading only the window's deadlines through that index is the cheaper way. `wide` first reads the
    window ending in `as_of`'s own month — right whenever something falls due that month, the usual case —
    and only otherwise looks up the last deadline (one probe of the deadline index) and reads again.
    """
    as_of = as_of or timezone.localdate()
    if wide and last is None:
        window = monthly_outcomes(milestones, as_of, months, last=as_of)
        if window and window[-1].month == as_of.replace(day=1):
            return window
        last = (
            live(milestones)
            .filter(due_on__lte=as_of)
            .order_by("-due_on")
            .values_list("due_on", flat=True)
            .first()
        )
        if last is None:
            return []
    scoped = live(milestones).order_by()
    if last is not None:
        scoped = scoped.filter(due_on__gte=_month_start(last, months - 1), due_on__lte=as_of)
    values = [
        v
        for v in scoped.values("due_on").annotate(
            on_time=Count("pk", filter=status_q("on_time", as_of)),
            late=Count("pk", filter=status_q("late", as_of)),
            open=Count("pk", filter=status_q("unfinished", as_of)),
        )
        if v["due_on"] <= as_of
    ]
    if not values:
        return []
    last = max(v["due_on"] for v in values)
    start = _month_start(last, months - 1)
    found: dict[dt.date, MonthRow] = {}
    for v in values:
        if v["due_on"] < start:
            continue
        month = v["due_on"].replace(day=1)
        row = found.setdefault(month, MonthRow(month))
        row.on_time += v["on_time"]
        row.late += v["late"]
        row.open += v["open"]
    return [
        found.get(m, MonthRow(m)) for m in (_month_start(last, back) for back in range(months - 1, -1, -1))
    ]


def overdue_milestones(milestones: QuerySet, as_of: dt.date | None = None) -> QuerySet:
    """The milestones still open past their deadline as of `as_of` (逾期未完成), most overdue first."""
    as_of = as_of or timezone.localdate()
    return live(milestones).filter(status_q("overdue", as_of)).order_by("due_on", "id")
