"""The kernel's own declaration: who edits the time limits, and what its log rows are called."""

from fazhi.core import capabilities as cap
from fazhi.core.modules import Module

MODULE = Module(
    app="workflow",
    label="流程与期限",
    capabilities={cap.MANAGE_TIME_LIMITS: "维护办理时限规则"},
    grants={"office": (cap.MANAGE_TIME_LIMITS,)},
    actions={
        "timelimit.set": "修改时限规则", "timelimit.reset": "恢复默认时限规则",
        "clock.due_soon": "期限临期", "clock.overdue": "期限逾期",
        "public_case.issue": "生成案件编号和查询码",
    },
    field_labels={"case_number": "案件编号", "count": "天数", "unit": "计算方式", "jurisdiction": "适用行政区", "roll_over": "末日遇节假日顺延"},
    value_labels={"unit": {"WD": "工作日", "ND": "自然日", "M": "个月"}},
)
