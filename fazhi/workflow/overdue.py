"""临期 / 逾期 across every module, for dashboards: how many of a user's case clocks are due soon or overdue,
per module (workflow) and kind of period, counted in one grouped query over `workflow.CaseClock`.

A user counts the clocks of the cases in their data scope (the clock's unit, as the case's own scope) and
only of the modules whose work they may see (they hold one of the module's capabilities), so a county's
office never counts another county's clocks and a leader counts only what their dashboard may open.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from fazhi.core import modules
from fazhi.core.scopes import scope_q
from fazhi.workflow.models import CaseClock

ALARM_STATES = (CaseClock.State.DUE_SOON, CaseClock.State.OVERDUE)


@dataclass(frozen=True)
class ClockCount:
    """One line of the dashboard: a module's period kind with its 临期 and 逾期 counts."""

    workflow: str
    kind: str
    label: str  # 政府信息公开申请 · 答复期限
    due_soon: int
    overdue: int

    def url(self, state: str) -> str:
        return f"{reverse('workflow:clocks')}?{urlencode({'workflow': self.workflow, 'kind': self.kind, 'state': state})}"

    @property
    def due_soon_url(self) -> str:
        return self.url(CaseClock.State.DUE_SOON)

    @property
    def overdue_url(self) -> str:
        return self.url(CaseClock.State.OVERDUE)


def visible_workflows(user) -> dict[str, object]:
    """name → Workflow of the modules whose capabilities the user holds (every one for a superuser)."""
    held = user.capabilities() if user.is_active else frozenset()
    return {wf.name: wf for module in modules.all_modules() for wf in module.workflows
            if user.is_superuser or held & module.capabilities.keys()}


def clocks_for(user, flows: dict | None = None):
    """The clocks a user may see: their data scope's units, the modules they may open (a queryset)."""
    flows = visible_workflows(user) if flows is None else flows
    return CaseClock.objects.filter(scope_q(user, "unit"), workflow__in=list(flows))


def clock_counts(user) -> list[ClockCount]:
    """临期 and 逾期 counts of the user's clocks per workflow and kind, in one query; kinds with neither are left out."""
    flows = visible_workflows(user)
    rows = (clocks_for(user, flows).filter(state__in=ALARM_STATES).values("workflow", "kind").order_by()
            .annotate(due_soon=Count("id", filter=Q(state=CaseClock.State.DUE_SOON)),
                      overdue=Count("id", filter=Q(state=CaseClock.State.OVERDUE))))
    counts = []
    for row in rows:
        flow = flows[row["workflow"]]
        spec = flow.clocks.get(row["kind"])
        kind_label = f"{spec.label}期限" if spec else row["kind"]
        counts.append(ClockCount(row["workflow"], row["kind"], f"{flow.label} · {kind_label}",
                                 row["due_soon"], row["overdue"]))
    return sorted(counts, key=lambda c: (-c.overdue, -c.due_soon, c.label))
