"""Execution of a decision on the existing supervision ledger (no second task system).

The decision's 执行单位, 执行要求 and 完成时限 (条例第三十四条) become a plan of its own (one item per
requirement, the unit named as 牵头单位, the time limit as a dated deadline) and the supervision service
generates the tasks and milestones from it, exactly as for a plan imported from a document. The units
then report progress on the ledger, and the decision's page reads those reports back (`execution_reports`).
"""

from __future__ import annotations

from fazhi.decisions.models import Decision
from fazhi.plans.models import Plan, PlanItem, PlanItemUnit
from fazhi.workflow.timelimits import jurisdiction_chain


def put_on_ledger(decision: Decision) -> tuple[Plan, int]:
    """Create (or extend) the decision's execution plan and generate its supervision tasks; returns the plan and
    the number of tasks created. Runs inside the decision's transition (the engine's transaction)."""
    from fazhi.supervision.services import generate_ledger

    plan = decision.execution_plan
    if plan is None:
        chain = jurisdiction_chain(decision.body)
        years = [r.due_on.year for r in decision.requirements.all()]
        plan = Plan.objects.create(
            jurisdiction=chain[0] if chain else decision.body, title=f"《{decision.title}》执行分工",
            issuer=decision.body.name, doc_number=decision.doc_number, issued_on=decision.published_on,
            period_start=min(years), period_end=max(years), source_name="重大行政决策执行",
        )
    taken = set(plan.items.values_list("text", flat=True))
    order = plan.items.count()
    for requirement in decision.requirements.select_related("unit"):
        text = f"{requirement.unit.name}：{requirement.requirement}"
        if text in taken:
            continue
        order += 1
        item = PlanItem.objects.create(
            plan=plan, order=order, path=[str(order)], label=str(order), title=requirement.requirement[:300],
            text=text, deadlines=[{"kind": "due", "date": requirement.due_on.isoformat(),
                                   "text": f"{requirement.due_on:%Y年%m月%d日}前"}])
        PlanItemUnit.objects.create(item=item, role=PlanItemUnit.Role.LEAD, name=requirement.unit.name,
                                    unit=requirement.unit)
    result = generate_ledger(None, plan)  # the engine has checked the actor; the ledger is the system's work
    return plan, result.tasks_created


def execution_reports(decision: Decision):
    """The progress reports units filed on the decision's ledger tasks (execution feeds back to the decision)."""
    from fazhi.supervision.models import ProgressReport

    if decision.execution_plan_id is None:
        return ProgressReport.objects.none()
    return (ProgressReport.objects.filter(milestone__task__plan_id=decision.execution_plan_id)
            .select_related("milestone__task", "unit").order_by("-submitted_at"))
