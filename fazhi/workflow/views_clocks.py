"""办理期限一览: every module's case clocks in the user's scope, the list the dashboards' 临期/逾期 figures open."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required

from fazhi.core.tables import ChoiceFilter, Column, Table
from fazhi.workflow.models import CaseClock
from fazhi.workflow.overdue import clocks_for, visible_workflows


def _kind_choices(flows: dict) -> list[tuple[str, str]]:
    labels: dict[str, str] = {}
    for flow in flows.values():
        for kind, spec in flow.clocks.items():
            labels.setdefault(kind, f"{spec.label}期限")
    return sorted(labels.items())


@login_required
def clock_list(request):
    """Open to every signed-in user: the rows are only the clocks of their scope and of modules they may see."""
    flows = visible_workflows(request.user)
    label = {name: flow.label for name, flow in flows.items()}
    table = Table(
        clocks_for(request.user, flows).select_related("unit"),
        columns=[
            Column("title", "事项", link=lambda c: c.link),
            Column("workflow", "业务", accessor=lambda c: label.get(c.workflow, c.workflow)),
            Column("kind", "期限", accessor=lambda c: f"{flows[c.workflow].clocks[c.kind].label}期限"
                   if c.kind in flows[c.workflow].clocks else c.kind),
            Column("unit", "承办单位", accessor="unit.name", order_by="unit__path"),
            Column("started_on", "起算日期", sortable=True),
            Column("due_on", "到期日期", sortable=True),
            Column("state", "状态", sortable=True),
        ],
        search=["title"],
        filters=[ChoiceFilter("workflow", "业务", "workflow", choices=sorted(label.items(), key=lambda kv: kv[1])),
                 ChoiceFilter("kind", "期限", "kind", choices=_kind_choices(flows)),
                 ChoiceFilter("state", "状态", "state", choices=CaseClock.State.choices)],
        default_sort="due_on",
    ).from_request(request)
    return table.respond(request, "workflow/clock_list.html", {}, filename="办理期限")
