"""Demo supervision data: ledgers for the seed plans and a year of 陇县's work, dated relative to today.

Runs after the plans demo (INSTALLED_APPS order) and uses the plans it loaded. 陇县's 若干措施 (seed 004) is a
standing plan; the demo's 陇县 office tracks it from one year before the day the demo is loaded (its
"platform went live" date), and replays that year through the same services, each step at the date it
happened (`_clock`): of the milestones already due, seven in ten were reported and accepted before their
deadline, two in ten after it, and one in ten is still open (逾期未完成) — so the leader's dashboard shows a
working county, not a wall of red. On top of that: reports of the two demo reporters (lx_fgj, lx_cgz) in
every state, a relative deadline falling due in two days (临期), extension requests (one pending, one
approved), a supervision order and the nightly scan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone

from fazhi.core.models import User
from fazhi.plans.models import Plan
from fazhi.supervision import services
from fazhi.supervision.models import Milestone, ProgressReport, Task

EVIDENCE_URL = "https://www.longxian.gov.cn/"
HISTORY_DAYS = 365
# The fate of the n-th milestone already due (n % 10), in order of due date: reported on time, late, or not yet.
ON_TIME, LATE, MISSED = "on_time", "late", "missed"
FATES = [ON_TIME] * 7 + [LATE] * 2 + [MISSED]


@contextmanager
def _clock(day: dt.date) -> Iterator[None]:
    """Services run as on `day` (at 10:00): reports submitted and accepted in the past carry their own dates."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def fate(position: int) -> str:
    return FATES[position % len(FATES)]


def _open_milestones(plan: Plan, user: User):
    return (
        Milestone.objects.filter(task__plan=plan, unit=user.unit, state__in=Milestone.OPEN_STATES)
        .select_related("task").order_by("due_on", "task__order")
    )


def _report(actor: User | None, reviewer: User | None, milestone: Milestone, submitted: dt.date,
            accepted: dt.date) -> None:
    """One completed report on `submitted`, accepted on `accepted` (as many as the milestone needs)."""
    for _ in range(milestone.required_reports):
        with _clock(submitted):
            report = services.save_report(
                actor, milestone, percent=100, completed=True, links=[EVIDENCE_URL],
                text=f"{milestone.task.title}：已按要求完成，相关材料已归档。",
            )
            services.submit_report(actor, report)
        with _clock(accepted):
            services.accept_report(reviewer, report, "材料齐全，予以采纳")


def replay_history(plan: Plan, office: User, today: dt.date) -> dict[str, int]:
    """The year before `today`: each milestone already due met on time, late, or not yet (see `FATES`).

    A late report comes 3 to 20 days after the deadline; one that would fall on or after `today` is not
    written (the milestone stays overdue). Reports are written by the unit's own reporter where the demo has
    one, else by the system; the office accepts them, except its own unit's, which the system accepts.
    """
    reporters = {u.unit_id: u for u in User.objects.filter(username__in=["lx_fgj", "lx_cgz"])}
    due = list(
        Milestone.objects.filter(plan=plan, state__in=Milestone.OPEN_STATES, due_on__lt=today)
        .select_related("task").order_by("due_on", "task__order", "unit__path")
    )
    counts = {ON_TIME: 0, LATE: 0, MISSED: 0}
    for position, milestone in enumerate(due):
        outcome = fate(position)
        if outcome == ON_TIME:
            submitted = milestone.due_on - dt.timedelta(days=1 + position % 10)
        elif outcome == LATE:
            submitted = milestone.due_on + dt.timedelta(days=3 + position % 18)
        if outcome == MISSED or submitted >= today:
            counts[MISSED] += 1
            continue
        accepted = min(submitted + dt.timedelta(days=1), today)
        reviewer = None if milestone.unit_id == office.unit_id else office
        _report(reporters.get(milestone.unit_id), reviewer, milestone, submitted, accepted)
        counts[outcome] += 1
    return counts


def _reports_for(plan: Plan, reporter: User, office: User, states: list[str], stdout) -> None:
    """One report per wanted state, each on its own milestone of the reporter's unit."""
    milestones = list(_open_milestones(plan, reporter).filter(reports__isnull=True)[: len(states)])
    for milestone, state in zip(milestones, states, strict=False):
        completed = state == ProgressReport.State.ACCEPTED
        report = services.save_report(
            reporter, milestone, percent=100 if completed else 60, completed=completed,
            text=f"{milestone.task.title}：已制定工作方案并组织实施，完成阶段性工作。"
                 + ("全部完成，成效材料见链接。" if completed else "下一步将继续推进。"),
            links=[EVIDENCE_URL] if completed else [],
        )
        if state == ProgressReport.State.DRAFT:
            continue
        services.submit_report(reporter, report)
        if state == ProgressReport.State.ACCEPTED:
            services.accept_report(office, report, "材料齐全，予以采纳")
        elif state == ProgressReport.State.RETURNED:
            services.return_report(office, report, "请补充具体措施、完成时间和佐证材料")
    stdout.write(f"  {reporter.username}：{len(milestones)} 份进展报告")


def _relative_trigger(plan: Plan, office: User, stdout) -> None:
    """Record a relative deadline's trigger so that one milestone falls due in two days (临期)."""
    for task in Task.objects.filter(plan=plan).order_by("order"):
        for index, deadline in enumerate(task.deadlines):
            if deadline.get("kind") == "relative" and deadline.get("days"):
                on = timezone.localdate() - dt.timedelta(days=int(deadline["days"]) - 2)
                created = services.record_trigger(office, task, index, on)
                stdout.write(f"  登记触发事件“{deadline.get('trigger', '')}”：新增 {len(created)} 个节点")
                return


def _extensions(plan: Plan, reporter: User, office: User, today: dt.date, stdout) -> None:
    """lx_fgj asks to extend two of its open milestones: the office approved the first, the second waits."""
    candidates = list(_open_milestones(plan, reporter).filter(reports__isnull=True, due_on__gte=today)[:2])
    for number, milestone in enumerate(candidates):
        extension = services.request_extension(
            reporter, milestone, milestone.due_on + dt.timedelta(days=30),
            "牵头科室人员参加全县重点项目集中攻坚，需延后一个月完成",
        )
        if number == 0:
            services.approve_extension(office, extension, comment="同意延期，请按新时限完成")
    stdout.write(f"  延期申请 {len(candidates)} 件（已批准 1 件，待审批 {max(len(candidates) - 1, 0)} 件）")


def load(stdout) -> None:
    plans = list(Plan.objects.filter(superseded_by__isnull=True).select_related("jurisdiction").order_by("id"))
    if not plans:
        stdout.write("  没有已载入的方案，跳过任务台账")
        return
    today = timezone.localdate()
    longxian = next((p for p in plans if p.jurisdiction.name == "陇县"), None)
    users = {u.username: u for u in User.objects.filter(username__in=["lx_office", "lx_fgj", "lx_cgz"])}
    for plan in plans:
        if plan == longxian and "lx_office" in users:
            # The office tracks the standing plan from the day the platform went live (a year ago).
            since = today - dt.timedelta(days=HISTORY_DAYS)
            since = max(since, plan.issued_on) if plan.issued_on else since
            result = services.set_plan_tracking(users["lx_office"], plan, tracks_from=since, standing=None)
        else:
            result = services.generate_ledger(None, plan)
        stdout.write(f"  {plan.jurisdiction.name}《{plan.title}》：{result.summary()}")

    if longxian is None or len(users) < 3:
        stdout.write("  未找到陇县方案或演示账号，跳过示例报告")
    else:
        office = users["lx_office"]
        counts = replay_history(longxian, office, today)
        stdout.write(f"  陇县近一年：按期完成 {counts[ON_TIME]} 个、逾期完成 {counts[LATE]} 个、"
                     f"逾期未完成 {counts[MISSED]} 个节点")
        S = ProgressReport.State
        _reports_for(longxian, users["lx_fgj"], office, [S.ACCEPTED, S.SUBMITTED, S.RETURNED, S.SUBMITTED], stdout)
        _reports_for(longxian, users["lx_cgz"], office, [S.SUBMITTED, S.ACCEPTED, S.DRAFT], stdout)
        _relative_trigger(longxian, office, stdout)
        _extensions(longxian, users["lx_fgj"], office, today, stdout)
        lagging = list(_open_milestones(longxian, users["lx_fgj"]).filter(reports__isnull=True)[:3])
        if lagging:
            order = services.issue_order(
                office, recipient=users["lx_fgj"].unit, subject="法治政府建设重点任务推进滞后",
                body="经查，你单位承担的下列任务未按期报送进展。请抓紧落实，并按期书面回复。",
                milestones=lagging,
            )
            stdout.write(f"  督办单 {order.number} 已下发至 {order.recipient.name}")
    result = services.scan_deadlines()
    stdout.write(f"  期限扫描：{result.summary()}")
