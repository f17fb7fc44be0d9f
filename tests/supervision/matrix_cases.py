"""Permission-matrix cases of the supervision pages and /api/supervision/ (format: tests/matrix.py).

Out-of-scope callers: `outsider` (乙县's office, every supervision capability over 乙县 only) for the
office's routes; `town_reporter` (甲镇, a reporter of another unit of the same county) and
`outsider_reporter` (乙县) for the unit's routes.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core import capabilities as cap
from fazhi.core.models import Attachment, Notification
from fazhi.core.wordtemplates.models import WordTemplate
from fazhi.plans.models import Plan, PlanItem, PlanItemUnit
from fazhi.supervision import services
from fazhi.supervision.models import (
    Milestone,
    MilestoneExtension,
    PlanTracking,
    ProgressReport,
    SupervisionOrder,
    Task,
    TaskUnit,
)
from fazhi.supervision.orderdoc import TEMPLATE_PATH
from tests.matrix import RouteCase

TITLE = "矩阵测试年度报告任务"
REPORT_TEXT = "矩阵测试进展情况"
SUBJECT = "矩阵测试督办事由"
PDF = b"%PDF-1.4\n%%EOF\n"
READ = (cap.SUPERVISE, cap.REPORT_PROGRESS, cap.VIEW_DASHBOARD)
ORDERS = (cap.SUPERVISE, cap.REPORT_PROGRESS)


def plan(org, users, generate: bool = True) -> Plan:
    """A 测试县 plan: a yearly task of 发改局 and 甲镇, and a relative-deadline task of 甲镇."""
    p = Plan.objects.create(jurisdiction=org.county, title="矩阵测试方案", period_start=2099, period_end=2099,
                            created_by=users.office)
    yearly = PlanItem.objects.create(plan=p, order=1, path=["1"], label="1", text=TITLE, deadlines=[
        {"text": "每年", "kind": "recurring", "freq": "yearly", "times": None, "by": None}])
    PlanItemUnit.objects.create(item=yearly, role="responsible", name="县发改局", unit=org.reform)
    PlanItemUnit.objects.create(item=yearly, role="responsible", name="甲镇", unit=org.town_gov)
    relative = PlanItem.objects.create(plan=p, order=2, path=["2"], label="2", text="变动后10日内更新", deadlines=[
        {"text": "在10日内", "kind": "relative", "days": 10, "trigger": "变动后"}])
    PlanItemUnit.objects.create(item=relative, role="responsible", name="甲镇", unit=org.town_gov)
    if generate:
        services.generate_ledger(None, p)
    return p


def task(org, users) -> Task:
    return Task.objects.get(plan=plan(org, users), order=1)


def milestone(org, users) -> Milestone:
    return task(org, users).milestones.get(unit=org.reform)


def report(org, users, state: str = "draft", evidence: bool = False) -> ProgressReport:
    m = milestone(org, users)
    files = [SimpleUploadedFile("佐证.pdf", PDF)] if evidence else []
    r = services.save_report(users.reporter, m, text=REPORT_TEXT, percent=50, files=files)
    if state in ("submitted", "returned"):
        services.submit_report(users.reporter, r)
    if state == "returned":
        services.return_report(users.office, r, "补充")
    return r


def order(org, users, replied: bool = False) -> SupervisionOrder:
    m = milestone(org, users)
    o = services.issue_order(users.office, recipient=org.reform, subject=SUBJECT, milestones=[m],
                             issued_on=dt.date(2024, 9, 2))
    if replied:
        services.reply_order(users.reporter, o, "已办")
    return o


def overdue_milestone(org, users) -> Milestone:
    """发改局's milestone, its deadline moved into the past so the dashboard counts it as overdue."""
    m = milestone(org, users)
    Milestone.objects.filter(pk=m.pk).update(due_on=dt.date(2024, 1, 31), warn_on=dt.date(2024, 1, 26))
    return m


def extension(org, users):
    """A pending extension request of 发改局 on its milestone (30 days later than due)."""
    m = milestone(org, users)
    return services.request_extension(users.reporter, m, m.due_on + dt.timedelta(days=30), "矩阵测试：汛期抢险")


def extension_state(org, users, kw) -> str:
    return MilestoneExtension.objects.get(pk=kw.get("pk") or kw["extension_id"]).state


def milestone_due(org, users, kw) -> dt.date:
    return Milestone.objects.get(pk=kw.get("pk") or kw["milestone_id"]).due_on


def report_state(org, users, kw) -> str:
    return ProgressReport.objects.get(pk=kw.get("pk") or kw["report_id"]).state


def order_state(org, users, kw) -> str:
    return SupervisionOrder.objects.get(pk=kw.get("pk") or kw["order_id"]).state


def hide(*texts):
    return lambda org, users, kw: list(texts)


CASES = [
    # ------------------------------------------------------------------------------------ pages
    RouteCase("supervision:ledger_list", "GET", make_object=lambda org, users: {"plan": plan(org, users).pk},
              allowed="office", denied=["outsider"], hidden=hide("矩阵测试方案")),
    RouteCase("supervision:plan_ledger", "GET", make_object=lambda org, users: {"plan_id": plan(org, users).pk},
              allowed="office", denied=["outsider"]),
    RouteCase("supervision:generate_ledger", "POST",
              make_object=lambda org, users: {"plan_id": plan(org, users, generate=False).pk},
              state=lambda org, users, kw: Task.objects.filter(plan_id=kw["plan_id"]).count(),
              allowed="office", denied=["outsider"]),
    RouteCase("supervision:task_detail", "GET", make_object=lambda org, users: {"pk": task(org, users).pk},
              allowed="office", denied=["outsider", "outsider_reporter"]),
    RouteCase("supervision:task_unit_add", "POST", make_object=lambda org, users: {"pk": task(org, users).pk},
              data=lambda org, users, kw: {"units": [org.justice.pk], "role": "responsible"},
              state=lambda org, users, kw: TaskUnit.objects.filter(task_id=kw["pk"]).count(),
              allowed="office", denied=["outsider"]),
    RouteCase("supervision:task_unit_remove", "POST",
              make_object=lambda org, users: (lambda t: {"pk": t.pk, "unit_pk": t.units.get(unit=org.town_gov).pk})(
                  task(org, users)),
              state=lambda org, users, kw: TaskUnit.objects.get(pk=kw["unit_pk"]).removed_at,
              allowed="office", denied=["outsider"]),
    RouteCase("supervision:task_units_remove", "POST",
              make_object=lambda org, users: (lambda t: {"pk": t.pk, "tu": t.units.get(unit=org.town_gov).pk})(
                  task(org, users)),
              data=lambda org, users, kw: {"task_units": [kw["tu"]], "reason": "镇里不承担"},
              state=lambda org, users, kw: TaskUnit.objects.get(pk=kw["tu"]).removed_at,
              allowed="office", denied=["outsider"]),
    RouteCase("supervision:task_trigger", "POST",
              make_object=lambda org, users: {"pk": Task.objects.get(plan=plan(org, users), order=2).pk},
              data={"deadline_index": 0, "on": "2024-05-06"},
              state=lambda org, users, kw: Milestone.objects.filter(task_id=kw["pk"]).count(),
              allowed="office", denied=["outsider"]),
    RouteCase("supervision:plan_suggestions", "GET",
              make_object=lambda org, users: {"plan_id": plan(org, users).pk},
              allowed="office", denied=["outsider"]),
    RouteCase("supervision:task_suggestions", "GET", make_object=lambda org, users: {"pk": task(org, users).pk},
              allowed="office", denied=["outsider"]),
    RouteCase("supervision:task_suggestion_accept", "POST",
              make_object=lambda org, users: {"pk": task(org, users).pk},
              data=lambda org, users, kw: {"unit": org.justice.pk},
              state=lambda org, users, kw: TaskUnit.objects.filter(task_id=kw["pk"], role="lead").count(),
              allowed="office", denied=["outsider"]),
    RouteCase("supervision:inbox", "GET", make_object=lambda org, users: {"m": milestone(org, users).pk},
              allowed="reporter", denied=["outsider_reporter"], hidden=hide(TITLE)),
    RouteCase("supervision:report_new", "GET",
              make_object=lambda org, users: {"milestone_pk": milestone(org, users).pk},
              allowed="reporter", denied=["town_reporter", "outsider_reporter"]),
    RouteCase("supervision:report_detail", "GET", make_object=lambda org, users: {"pk": report(org, users).pk},
              allowed="reporter", denied=["town_reporter", "outsider"]),
    RouteCase("supervision:report_edit", "GET", make_object=lambda org, users: {"pk": report(org, users).pk},
              allowed="reporter", denied=["town_reporter", "outsider_reporter"]),
    RouteCase("supervision:report_submit", "POST", make_object=lambda org, users: {"pk": report(org, users).pk},
              state=report_state, allowed="reporter", denied=["town_reporter", "outsider_reporter"]),
    RouteCase("supervision:report_accept", "POST",
              make_object=lambda org, users: {"pk": report(org, users, "submitted").pk},
              state=report_state, allowed="office", denied=["outsider"]),
    RouteCase("supervision:report_return", "POST",
              make_object=lambda org, users: {"pk": report(org, users, "submitted").pk}, data={"comment": "补充"},
              state=report_state, allowed="office", denied=["outsider"]),
    # Evidence downloads through the one scoped view (core:attachment): the report's scope and capabilities.
    RouteCase("core:attachment", "GET", label="佐证材料", login_only=True,
              make_object=lambda org, users: {"token": report(org, users, evidence=True).evidence.get().token},
              allowed="reporter", denied=["town_reporter", "outsider"]),
    RouteCase("supervision:evidence_remove", "POST",
              make_object=lambda org, users: {"pk": report(org, users, evidence=True).evidence.get().pk},
              state=lambda org, users, kw: Attachment.objects.filter(pk=kw["pk"]).exists(),
              allowed="reporter", denied=["town_reporter", "outsider_reporter"]),
    RouteCase("supervision:review_queue", "GET",
              make_object=lambda org, users: {"r": report(org, users, "submitted").pk},
              allowed="office", denied=["outsider"], hidden=hide(TITLE)),
    RouteCase("supervision:review_batch", "POST",
              make_object=lambda org, users: {"r": report(org, users, "submitted").pk},
              data=lambda org, users, kw: {"reports": [kw["r"]], "comment": "同意"},
              state=lambda org, users, kw: ProgressReport.objects.get(pk=kw["r"]).state,
              allowed="office", denied=["outsider"]),
    RouteCase("supervision:remind", "GET", make_object=lambda org, users: {"m": milestone(org, users).pk},
              allowed="office", denied=["outsider"], hidden=hide("测试县发展和改革局")),
    RouteCase("supervision:remind", "POST", label="send",
              make_object=lambda org, users: {"m": milestone(org, users).pk},
              data=lambda org, users, kw: {"units": [org.reform.pk], "message": "请加快"},
              state=lambda org, users, kw: Notification.objects.filter(recipient=users.reporter).count(),
              allowed="office", denied=["outsider"]),
    RouteCase("supervision:ledger_print", "GET", make_object=lambda org, users: {"plan_id": plan(org, users).pk},
              allowed="leader", denied=["outsider"]),
    RouteCase("supervision:bulletin", "GET", make_object=lambda org, users: {"m": overdue_milestone(org, users).pk},
              allowed="leader", denied=["outsider"], hidden=hide("测试县发展和改革局")),
    RouteCase("supervision:order_list", "GET", make_object=lambda org, users: {"o": order(org, users).pk},
              allowed="office", denied=["outsider", "town_reporter"], hidden=hide(SUBJECT)),
    RouteCase("supervision:order_new", "GET", allowed="office",
              unscoped="a blank form: the recipients offered are the caller's own scope"),
    RouteCase("supervision:order_detail", "GET", make_object=lambda org, users: {"pk": order(org, users).pk},
              allowed="reporter", denied=["outsider", "town_reporter"]),
    RouteCase("supervision:order_reply", "POST", make_object=lambda org, users: {"pk": order(org, users).pk},
              data={"text": "已落实"}, state=order_state,
              allowed="reporter", denied=["town_reporter", "outsider_reporter"]),
    RouteCase("supervision:order_close", "POST",
              make_object=lambda org, users: {"pk": order(org, users, replied=True).pk},
              state=order_state, allowed="office", denied=["outsider"]),
    RouteCase("supervision:order_docx", "GET", make_object=lambda org, users: {"pk": order(org, users).pk},
              allowed="office", denied=["outsider", "town_reporter"]),
    RouteCase("supervision:settings", "GET", allowed="office",
              unscoped="shows and edits the settings of the caller's own jurisdiction only"),
    RouteCase("supervision:order_template", "GET", allowed="office",
              unscoped="sends the template of the caller's own jurisdiction only"),
    RouteCase("supervision:order_template", "POST", label="upload",
              data=lambda org, users, kw: {"template": SimpleUploadedFile("模板.docx", TEMPLATE_PATH.read_bytes())},
              state=lambda org, users, kw: WordTemplate.objects.filter(jurisdiction=org.county).values_list("file", flat=True).first() or "",
              allowed="office", unscoped="changes the template of the caller's own jurisdiction only"),
    RouteCase("supervision:dashboard", "GET", make_object=lambda org, users: {"m": overdue_milestone(org, users).pk},
              allowed="leader", denied=["outsider", "town_reporter"], hidden=hide("测试县发展和改革局")),
    RouteCase("supervision:dashboard_milestones", "GET",
              make_object=lambda org, users: {"m": overdue_milestone(org, users).pk},
              allowed="leader", denied=["outsider", "town_reporter"], hidden=hide("测试县发展和改革局")),
    # ------------------------------------------------------------------------------------ API
    RouteCase("/api/supervision/plans/{plan_id}/ledger", "POST", capability=cap.SUPERVISE,
              make_object=lambda org, users: {"plan_id": plan(org, users, generate=False).pk},
              state=lambda org, users, kw: Task.objects.filter(plan_id=kw["plan_id"]).count(),
              allowed="office", denied=["outsider"]),
    RouteCase("/api/supervision/tasks", "GET", capability=READ, make_object=lambda org, users: {"t": task(org, users).pk},
              allowed="office", denied=["outsider", "outsider_reporter"], hidden=hide(TITLE)),
    RouteCase("/api/supervision/tasks/{task_id}", "GET", capability=READ,
              make_object=lambda org, users: {"task_id": task(org, users).pk},
              allowed="reporter", denied=["outsider", "outsider_reporter"]),
    RouteCase("/api/supervision/milestones", "GET", capability=READ,
              make_object=lambda org, users: {"m": milestone(org, users).pk},
              allowed="reporter", denied=["outsider", "outsider_reporter"], hidden=hide(TITLE)),
    RouteCase("/api/supervision/milestones/{milestone_id}", "GET", capability=READ,
              make_object=lambda org, users: {"milestone_id": milestone(org, users).pk},
              allowed="reporter", denied=["town_reporter", "outsider"]),
    RouteCase("/api/supervision/reports", "GET", capability=READ,
              make_object=lambda org, users: {"r": report(org, users).pk},
              allowed="office", denied=["outsider", "town_reporter"], hidden=hide(REPORT_TEXT)),
    RouteCase("/api/supervision/reports/{report_id}", "GET", capability=READ,
              make_object=lambda org, users: {"report_id": report(org, users).pk},
              allowed="reporter", denied=["town_reporter", "outsider"]),
    RouteCase("/api/supervision/reports/{report_id}", "PUT", capability=cap.REPORT_PROGRESS,
              make_object=lambda org, users: {"report_id": report(org, users).pk},
              data={"text": "改", "percent": 60, "submit": True}, state=report_state,
              allowed="reporter", denied=["town_reporter", "outsider_reporter"]),
    RouteCase("/api/supervision/milestones/{milestone_id}/reports", "POST", capability=cap.REPORT_PROGRESS,
              make_object=lambda org, users: {"milestone_id": milestone(org, users).pk},
              data={"text": "新报告", "percent": 10},
              state=lambda org, users, kw: ProgressReport.objects.filter(milestone_id=kw["milestone_id"]).count(),
              allowed="reporter", denied=["town_reporter", "outsider_reporter"]),
    RouteCase("/api/supervision/reports/{report_id}/evidence", "POST", capability=cap.REPORT_PROGRESS, json=False,
              make_object=lambda org, users: {"report_id": report(org, users).pk},
              data=lambda org, users, kw: {"file": SimpleUploadedFile("佐证.pdf", PDF)},
              state=lambda org, users, kw: ProgressReport.objects.get(pk=kw["report_id"]).evidence.count(),
              allowed="reporter", denied=["town_reporter", "outsider_reporter"]),
    RouteCase("/api/supervision/reports/{report_id}/submit", "POST", capability=cap.REPORT_PROGRESS,
              make_object=lambda org, users: {"report_id": report(org, users).pk}, state=report_state,
              allowed="reporter", denied=["town_reporter", "outsider_reporter"]),
    RouteCase("/api/supervision/reports/{report_id}/accept", "POST", capability=cap.SUPERVISE,
              make_object=lambda org, users: {"report_id": report(org, users, "submitted").pk}, state=report_state,
              allowed="office", denied=["outsider"]),
    RouteCase("/api/supervision/reports/{report_id}/return", "POST", capability=cap.SUPERVISE,
              make_object=lambda org, users: {"report_id": report(org, users, "submitted").pk},
              data={"comment": "补充"}, state=report_state, allowed="office", denied=["outsider"]),
    RouteCase("/api/supervision/orders", "GET", capability=ORDERS,
              make_object=lambda org, users: {"o": order(org, users).pk},
              allowed="office", denied=["outsider", "town_reporter"], hidden=hide(SUBJECT)),
    RouteCase("/api/supervision/orders", "POST", capability=cap.SUPERVISE,
              make_object=lambda org, users: {"m": milestone(org, users).pk},
              data=lambda org, users, kw: {"recipient_id": org.reform.pk, "subject": "新督办", "milestone_ids": [kw["m"]]},
              state=lambda org, users, kw: SupervisionOrder.objects.count(),
              allowed="office", denied=["outsider"]),
    RouteCase("/api/supervision/orders/{order_id}", "GET", capability=ORDERS,
              make_object=lambda org, users: {"order_id": order(org, users).pk},
              allowed="reporter", denied=["outsider", "town_reporter"]),
    RouteCase("/api/supervision/orders/{order_id}/reply", "POST", capability=cap.REPORT_PROGRESS,
              make_object=lambda org, users: {"order_id": order(org, users).pk}, data={"text": "已落实"},
              state=order_state, allowed="reporter", denied=["town_reporter", "outsider_reporter"]),
    RouteCase("/api/supervision/orders/{order_id}/close", "POST", capability=cap.SUPERVISE,
              make_object=lambda org, users: {"order_id": order(org, users, replied=True).pk}, state=order_state,
              allowed="office", denied=["outsider"]),
]


# ------------------------------------------------------------------------------------ Excel ledger


def ledger_upload(org, users, kw) -> dict:
    """A one-row hand-built ledger of 测试县 (县发改局, 2099年6月底前) as an upload."""
    from fazhi.supervision.ledger_excel import ExportRow, write_ledger

    data = write_ledger("矩阵测试台账", "测试县", [ExportRow(serial="1", content="矩阵导入任务", responsible="县发改局",
                                                           deadline="2099年6月底前")])
    return {"file": SimpleUploadedFile("矩阵测试台账.xlsx", data), "jurisdiction": org.county.pk}


CASES += [
    RouteCase("supervision:ledger_export", "GET", make_object=lambda org, users: {"plan_id": plan(org, users).pk},
              allowed="office", denied=["outsider"]),
    RouteCase("supervision:ledger_import", "GET", label="form",
              make_object=lambda org, users: {"plan_id": plan(org, users).pk}, allowed="office", denied=["outsider"]),
    RouteCase("supervision:ledger_import", "POST", make_object=lambda org, users: {"plan_id": plan(org, users).pk},
              data=ledger_upload, state=lambda org, users, kw: Task.objects.filter(plan_id=kw["plan_id"]).count(),
              allowed="office", denied=["outsider"]),
    # The outsider's form offers only 乙县's regions: choosing 测试县 is a form error (400), nothing created.
    RouteCase("supervision:ledger_import_new", "POST", data=ledger_upload,
              state=lambda org, users, kw: Plan.objects.filter(title="矩阵测试").count(),
              allowed="office", denied=["outsider"], denied_status=(400,)),
    # Deadline moves (issue #12.14) and a plan's tracking settings (#12.11).
    RouteCase("supervision:milestone_detail", "GET", make_object=lambda org, users: {"pk": milestone(org, users).pk},
              allowed="reporter", denied=["town_reporter", "outsider"]),
    RouteCase("supervision:extension_request", "POST",
              make_object=lambda org, users: {"pk": milestone(org, users).pk},
              data={"requested_due_on": "2100-03-31", "reason": "矩阵测试：汛期抢险"},
              state=lambda org, users, kw: MilestoneExtension.objects.filter(milestone_id=kw["pk"]).count(),
              allowed="reporter", denied=["town_reporter", "outsider_reporter"]),
    RouteCase("supervision:extension_list", "GET", make_object=lambda org, users: {"e": extension(org, users).pk},
              allowed="office", denied=["outsider", "town_reporter"], hidden=hide("矩阵测试：汛期抢险")),
    RouteCase("supervision:extension_approve", "POST", make_object=lambda org, users: {"pk": extension(org, users).pk},
              data={"comment": "同意"}, state=extension_state, allowed="office", denied=["outsider"]),
    RouteCase("supervision:extension_refuse", "POST", make_object=lambda org, users: {"pk": extension(org, users).pk},
              data={"comment": "理由不充分"}, state=extension_state, allowed="office", denied=["outsider"]),
    RouteCase("supervision:milestone_correct", "POST", make_object=lambda org, users: {"pk": milestone(org, users).pk},
              data={"due_on": "2099-11-30", "reason": "原文为11月底前"}, state=milestone_due,
              allowed="office", denied=["outsider"]),
    RouteCase("supervision:milestone_edit", "POST", make_object=lambda org, users: {"pk": milestone(org, users).pk},
              data={"label": "2099年度（第一次）", "required_reports": 2, "reason": "原文为每年2次"},
              state=lambda org, users, kw: Milestone.objects.get(pk=kw["pk"]).required_reports,
              allowed="office", denied=["outsider"]),
    RouteCase("supervision:milestone_cancel", "POST", make_object=lambda org, users: {"pk": milestone(org, users).pk},
              data={"reason": "该项工作已并入其他任务"},
              state=lambda org, users, kw: Milestone.objects.get(pk=kw["pk"]).state,
              allowed="office", denied=["outsider"]),
    RouteCase("supervision:milestone_add", "POST", make_object=lambda org, users: {"pk": task(org, users).pk},
              data=lambda org, users, kw: {"unit": org.reform.pk, "label": "专项检查", "due_on": "2099-06-30",
                                           "required_reports": 1},
              state=lambda org, users, kw: Milestone.objects.filter(task_id=kw["pk"]).count(),
              allowed="office", denied=["outsider"]),
    RouteCase("supervision:milestone_fields", "GET", make_object=lambda org, users: {"pk": task(org, users).pk},
              allowed="office", denied=["outsider"]),
    RouteCase("supervision:plan_tracking_fields", "GET",
              make_object=lambda org, users: {"plan_id": plan(org, users).pk},
              allowed="office", denied=["outsider"]),
    RouteCase("supervision:plan_tracking", "POST", make_object=lambda org, users: {"plan_id": plan(org, users).pk},
              data={"tracks_from": "2099-07-01", "standing": ""},
              state=lambda org, users, kw: PlanTracking.objects.filter(plan_id=kw["plan_id"],
                                                                       tracks_from__isnull=False).count(),
              allowed="office", denied=["outsider"]),
    RouteCase("/api/supervision/extensions", "GET", capability=(cap.SUPERVISE, cap.REPORT_PROGRESS),
              make_object=lambda org, users: {"e": extension(org, users).pk},
              allowed="office", denied=["outsider", "town_reporter"], hidden=hide("矩阵测试：汛期抢险")),
    RouteCase("/api/supervision/milestones/{milestone_id}/extensions", "POST", capability=cap.REPORT_PROGRESS,
              make_object=lambda org, users: {"milestone_id": milestone(org, users).pk},
              data={"requested_due_on": "2100-03-31", "reason": "矩阵测试：汛期抢险"},
              state=lambda org, users, kw: MilestoneExtension.objects.filter(milestone_id=kw["milestone_id"]).count(),
              allowed="reporter", denied=["town_reporter", "outsider_reporter"]),
    RouteCase("/api/supervision/extensions/{extension_id}/approve", "POST", capability=cap.SUPERVISE,
              make_object=lambda org, users: {"extension_id": extension(org, users).pk},
              data={"comment": "同意"}, state=extension_state, allowed="office", denied=["outsider"]),
    RouteCase("/api/supervision/extensions/{extension_id}/refuse", "POST", capability=cap.SUPERVISE,
              make_object=lambda org, users: {"extension_id": extension(org, users).pk},
              data={"comment": "理由不充分"}, state=extension_state, allowed="office", denied=["outsider"]),
    RouteCase("/api/supervision/milestones/{milestone_id}/correct", "POST", capability=cap.SUPERVISE,
              make_object=lambda org, users: {"milestone_id": milestone(org, users).pk},
              data={"due_on": "2099-11-30", "reason": "原文为11月底前"}, state=milestone_due,
              allowed="office", denied=["outsider"]),
]
