"""Supervision orders (督办单): issued to a unit with a reply deadline, replied to, closed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from fazhi.core import attachments, oplog
from fazhi.core import capabilities as cap
from fazhi.core.models import Unit, User
from fazhi.core.uploads import check_upload
from fazhi.plans.resolve import short_region_name
from fazhi.supervision import workflows
from fazhi.supervision.models import (
    Milestone,
    SupervisionOrder,
    Task,
)
from fazhi.supervision.services.common import (
    log_transition,
    notify,
    require,
    require_sees,
    settings_for,
    unit_users,
)
from fazhi.workflow import clocks, engine


def order_prefix(jurisdiction: Unit) -> str:
    """陇县 → 陇法督, 许昌市 → 许法督 unless the jurisdiction configured its own 代字."""
    configured = settings_for(jurisdiction).order_prefix
    return configured or f"{short_region_name(jurisdiction.name)[0]}法督"


@transaction.atomic
def issue_order(
    actor: User,
    *,
    recipient: Unit,
    subject: str,
    body: str = "",
    tasks: Iterable[Task] = (),
    milestones: Iterable[Milestone] = (),
    reply_working_days: int | None = None,
    issued_on: dt.date | None = None,
) -> SupervisionOrder:
    """The office presses one unit about lagging tasks; the reply deadline counts working days."""
    require(actor, cap.SUPERVISE)
    if actor.unit is None:
        raise ValidationError("您的账号没有所属单位，不能下发督办单")
    issuer = actor.unit
    jurisdiction = issuer.jurisdiction()
    require_sees(actor, recipient)
    if not recipient.path.startswith(jurisdiction.path):
        raise ValidationError(f"“{recipient.name}”不属于“{jurisdiction.name}”")
    if recipient.pk == issuer.pk:
        raise ValidationError("不能向本单位下发督办单")
    subject = (subject or "").strip()
    if not subject:
        raise ValidationError("请填写督办事由")
    tasks, milestones = list(tasks), list(milestones)
    if not tasks and not milestones:
        raise ValidationError("请至少选择一项督办任务或时间节点")
    foreign = [m for m in milestones if m.unit_id != recipient.pk]
    if foreign:
        raise ValidationError("所选时间节点须属于承办单位")
    conf = settings_for(jurisdiction)
    days = reply_working_days if reply_working_days is not None else conf.order_reply_working_days
    if not 1 <= int(days) <= 60:
        raise ValidationError("回复期限须为 1 到 60 个工作日")
    issued_on = issued_on or timezone.localdate()
    year = issued_on.year
    last = (
        SupervisionOrder.objects.select_for_update().filter(jurisdiction=jurisdiction, year=year)
        .aggregate(m=Max("serial"))["m"] or 0
    )
    serial = last + 1
    order = SupervisionOrder.objects.create(
        jurisdiction=jurisdiction, issuer=issuer, recipient=recipient, year=year, serial=serial,
        number=f"{order_prefix(jurisdiction)}〔{year}〕{serial}号", subject=subject[:200], body=(body or "").strip(),
        issued_on=issued_on, reply_working_days=int(days), reply_due_on=issued_on,  # set from the clock below
        issued_by=actor,
    )
    # The reply deadline is the order's case clock, started on 下发 and stopped by the reply; the order keeps
    # its date for lists, the 通知单 and sorting.
    clock = clocks.event(workflows.ORDER, order, "reply", "start", issued_on, actor, reason="下发督办单")
    order.reply_due_on, order.reply_due_provisional, order.reply_due_trace = clock.due_on, clock.provisional, clock.trace
    order.save(update_fields=["reply_due_on", "reply_due_provisional", "reply_due_trace"])
    order.tasks.set(tasks)
    order.milestones.set(milestones)
    log_transition(actor, "issue", "", order.state, subject, order=order)
    oplog.record(actor, "supervision.order_issue", order,
                 after={**oplog.snapshot(order, ["number", "recipient", "subject", "reply_due_on"]),
                        "tasks": [t.pk for t in tasks], "milestones": [m.pk for m in milestones]})
    notify(unit_users(recipient), f"收到督办单 {order.number}：{order.subject}",
           f"请于 {order.reply_due_on:%Y年%m月%d日} 前回复", reverse("supervision:order_detail", args=[order.pk]))
    return order


@transaction.atomic
def reply_order(actor: User | None, order: SupervisionOrder, text: str, files: Iterable = (),
                links: Iterable[str] = ()) -> SupervisionOrder:
    """The recipient unit answers (issued or overdue → replied), with files and links as the reply's
    attachments (the kernel's one attachment model, slot "reply"). Every file is checked before the step:
    a refused file leaves the order unanswered and nothing stored."""
    files, links = list(files), [attachments.clean_url(url) for url in links]
    for upload in files:
        check_upload(upload, attachments.ATTACHMENT_TYPES, max_bytes=attachments.max_bytes(), what="回复附件")
    order = engine.run(actor, workflows.ORDER, order, "reply", {"text": text})
    for upload in files:
        attachments.attach_file(actor, order, upload, slot=REPLY_SLOT, what="回复附件")
    for url in links:
        attachments.attach_link(actor, order, url, slot=REPLY_SLOT)
    return order


REPLY_SLOT = "reply"


def close_order(actor: User | None, order: SupervisionOrder, reason: str = "") -> SupervisionOrder:
    """The office closes an answered order (replied → closed)."""
    return engine.run(actor, workflows.ORDER, order, "close", {"reason": reason})


def set_order_template(actor: User | None, jurisdiction: Unit, upload=None) -> None:
    """Use an office's own 督办通知单 template for its jurisdiction, or with no file go back to the default
    (the registered 文书 "supervision.order_notice" of fazhi.core.wordtemplates)."""
    from fazhi.core.wordtemplates import services as templates
    from fazhi.supervision.orderdoc import ORDER_NOTICE

    require(actor, cap.SUPERVISE)
    if upload is None:
        templates.reset_template(actor, ORDER_NOTICE.code, jurisdiction)
    else:
        templates.set_template(actor, ORDER_NOTICE.code, jurisdiction, upload)
