"""Demo supervision data: ledgers for the seed plans, reports in every state, one order, one scan.

Runs after the plans demo (INSTALLED_APPS order) and uses the plans it loaded. 陇县's 若干措施 (seed 004)
names its units, so its ledger carries the reports of the two demo reporters (lx_fgj, lx_cgz).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fazhi.core.models import User
from fazhi.plans.models import Plan
from fazhi.supervision import services
from fazhi.supervision.models import Milestone, ProgressReport, Task

EVIDENCE_URL = "https://www.longxian.gov.cn/"


def _open_milestones(plan: Plan, user: User):
    return (
        Milestone.objects.filter(task__plan=plan, unit=user.unit, state__in=Milestone.OPEN_STATES)
        .select_related("task").order_by("due_on", "task__order")
    )


def _reports_for(plan: Plan, reporter: User, office: User, states: list[str], stdout) -> None:
    """One report per wanted state, each on its own milestone of the reporter's unit."""
    milestones = list(_open_milestones(plan, reporter)[: len(states)])
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


def load(stdout) -> None:
    plans = list(Plan.objects.filter(superseded_by__isnull=True).select_related("jurisdiction").order_by("id"))
    if not plans:
        stdout.write("  没有已载入的方案，跳过任务台账")
        return
    for plan in plans:
        result = services.generate_ledger(None, plan)
        stdout.write(f"  {plan.jurisdiction.name}《{plan.title}》：{result.summary()}")

    longxian = next((p for p in plans if p.jurisdiction.name == "陇县"), None)
    users = {u.username: u for u in User.objects.filter(username__in=["lx_office", "lx_fgj", "lx_cgz"])}
    if longxian is None or len(users) < 3:
        stdout.write("  未找到陇县方案或演示账号，跳过示例报告")
    else:
        office = users["lx_office"]
        S = ProgressReport.State
        _reports_for(longxian, users["lx_fgj"], office, [S.ACCEPTED, S.SUBMITTED, S.RETURNED, S.SUBMITTED], stdout)
        _reports_for(longxian, users["lx_cgz"], office, [S.SUBMITTED, S.ACCEPTED, S.DRAFT], stdout)
        _relative_trigger(longxian, office, stdout)
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
