"""Supervision (督查督办): the task ledger, progress reports, 临期/逾期 warnings and supervision orders."""

from fazhi.core import capabilities as cap
from fazhi.core.modules import Indicator, Module
from fazhi.supervision import orderdoc, workflows
from fazhi.supervision.menu import MENU
from fazhi.supervision.todo import TODO


def _open_years(today):
    from fazhi.supervision.services.scan import open_years

    return open_years(today)


def _milestone_rates(*args, **kwargs):
    from fazhi.supervision.stats import milestone_rates

    return milestone_rates(*args, **kwargs)


# orderdoc registers the 督办通知单 with fazhi.core.wordtemplates when this declaration is read.
WORD_TEMPLATES = (orderdoc.ORDER_NOTICE,)

MODULE = Module(
    app="supervision",
    label="督查督办",
    capabilities={cap.SUPERVISE: "督查督办", cap.REPORT_PROGRESS: "报送任务进展"},
    grants={"office": (cap.SUPERVISE,), "reporter": (cap.REPORT_PROGRESS,)},
    menu=tuple(MENU),
    todo=TODO,
    workflows=(workflows.REPORT, workflows.ORDER),
    # The kernel's daily scan moves the milestones and the 督办单 reply clocks; the module's own scan opens
    # a standing plan's new year.
    deadlines=(workflows.MILESTONES,),
    time_limits=(workflows.ORDER_REPLY,),
    scans=(_open_years,),
    indicators=(Indicator("supervision.milestone_rates", "任务完成率、按期完成率、逾期率", _milestone_rates),),
    actions={
        "supervision.generate_ledger": "生成任务台账", "supervision.ledger_import": "导入台账（Excel）",
        "supervision.task_unit_add": "任务增加单位", "supervision.task_unit_remove": "任务移除单位",
        "supervision.task_unit_lead": "设置牵头单位", "supervision.record_trigger": "登记触发事件",
        "supervision.report_save": "保存进展报告", "supervision.evidence_remove": "删除佐证材料",
        "supervision.order_issue": "下发督办单", "supervision.scan": "期限扫描",
        "supervision.settings": "修改督办设置", "supervision.generate_scale": "生成规模测试数据",
        "supervision.extension_request": "申请节点延期", "supervision.extension_approve": "批准延期申请",
        "supervision.extension_refuse": "不批准延期申请", "supervision.milestone_correct": "更正节点截止日期",
        "supervision.order_template": "设置督办通知单模板", "supervision.plan_tracking": "设置方案跟踪方式",
        "supervision.remind": "提醒单位办理", "supervision.milestone_add": "新增时间节点",
        "supervision.milestone_edit": "修改时间节点", "supervision.milestone_cancel": "取消时间节点",
    },
    object_types={"supervision.scan": "期限扫描"},
    # The transition log's steps as the timelines have always named them (engine steps included).
    step_labels={
        "submit": "报送", "resubmit": "重新报送", "accept": "采纳", "return": "退回", "close": "办结",
        "cancel": "取消", "restore": "恢复", "scan": "期限扫描", "issue": "下发", "reply": "回复",
        "extend": "批准延期", "correct": "更正截止日期", "create": "人工新增",
    },
    field_labels={
        "percent": "完成进度", "completed": "已完成", "files": "文件数", "links": "链接数", "evidence": "佐证材料",
        "milestone_closed": "节点办结", "number": "文号", "recipient": "承办单位", "subject": "督办事由",
        "reply_due_on": "回复截止", "tasks": "督办任务", "milestones": "督办节点", "warn_working_days": "临期提醒（工作日）",
        "default_due": "无时限任务的节点", "order_prefix": "督办单文号代字", "order_reply_working_days": "督办单回复期限",
        "due_soon": "新增临期", "overdue": "新增逾期", "orders_overdue": "督办单逾期", "notified": "提醒条数",
        "tracks_from": "跟踪起始日期", "standing": "长期执行", "requested_due_on": "申请延至",
        "order_template": "督办通知单模板", "open": "未完成节点", "label": "节点名称", "required_reports": "需采纳次数",
        "file": "文件", "rows": "行数", "created": "新增", "updated": "更新", "unchanged": "未变", "untouched": "未涉及",
        "updated_tasks": "更新的任务",
    },
    value_labels={"milestone_closed": {"on_time": "按期完成", "late": "逾期完成", "": "否"}},
    references={
        "supervision.extension_request": {"milestone": "supervision.Milestone"},
        "supervision.order_issue": {"tasks": "supervision.Task", "milestones": "supervision.Milestone"},
        "supervision.ledger_import": {"updated_tasks": "supervision.Task"},
    },
)
