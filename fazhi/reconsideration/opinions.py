"""行政复议意见书 / 建议书 (第七十六条): issued to a body, whose correction is reported within 60 days.

Its own small workflow, so the 60-day report period is a case clock like every other (临期 / 逾期 in
the daily scan and the inbox).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fazhi.core import oplog
from fazhi.core.permissions import require, require_sees
from fazhi.reconsideration.models import Opinion, ReconsiderationCase, State
from fazhi.reconsideration.perms import MANAGE
from fazhi.reconsideration.workflow import OPINION_REPORT, WARN
from fazhi.workflow import engine
from fazhi.workflow.engine import ClockSpec, Transition, Workflow


def _record_report(opinion: Opinion, step) -> None:
    opinion.reported_on, opinion.report = step.on, step.data["report"]
    step.record["on_time"] = step.clocks["report"].state == "met"


OS = Opinion.State
OPINION = Workflow(
    name="reconsideration.opinion", label="行政复议意见书", model=Opinion,
    transitions={t.code: t for t in [
        Transition("issue", "制发", frozenset({OS.ISSUED}), OS.ISSUED, (MANAGE,), clock=("report.start",),
                   guards=(lambda o, data: "已制发" if o.pk and o.transitions.filter(action="issue").exists() else None,)),
        Transition("report", "登记纠正情况报告", frozenset({OS.ISSUED}), OS.REPORTED, (MANAGE,),
                   fields=(engine.Field("report", "纠正情况", "textarea"),), clock=("report.stop",),
                   effect=_record_report),
    ]},
    unit_of=lambda opinion: opinion.case.organ,
    clocks={"report": ClockSpec("纠正情况报送", OPINION_REPORT, action="报送纠正情况", warn_rule=WARN, notify=(MANAGE,))},
    describe=lambda o: f"{o.get_kind_display()}（{o.case.case_number}，送{o.addressee}）",
    link=lambda o: reverse("reconsideration:detail", args=[o.case_id]),
    last_step=lambda o: ("制发", o.issued_on), select_related=("case__organ",),
    snapshot_fields=["state", "issued_on", "reported_on"],
)


@transaction.atomic
def issue_opinion(actor, case: ReconsiderationCase, *, kind: str, addressee: str, content: str,
                  on: datetime.date) -> Opinion:
    """Issue an 意见书 / 建议书 in or after a case; the addressee's 60-day report clock starts that day."""
    require(actor, MANAGE)
    require_sees(actor, case.organ)
    if kind not in Opinion.Kind.values:
        raise ValidationError("类型无效")
    if not addressee.strip() or not content.strip():
        raise ValidationError("请填写送达机关和主要内容")
    if case.state in (State.REJECTED, State.WITHDRAWN) or on < case.received_on or on > timezone.localdate():
        raise ValidationError("制发日期应在收到申请之日与今天之间，且案件已受理")
    opinion = Opinion.objects.create(case=case, kind=kind, addressee=addressee.strip()[:200], content=content.strip(),
                                     issued_on=on)
    oplog.record(actor, "reconsideration.opinion.create", opinion, after={"kind": kind, "addressee": addressee})
    return engine.run(actor, OPINION, opinion, "issue", {"on": on})


def report_opinion(actor, opinion: Opinion, report: str, on: datetime.date) -> Opinion:
    return engine.run(actor, OPINION, opinion, "report", {"on": on, "report": report})
