"""Plans (规划方案): import, extraction review, alignment with upper-level plans."""

from fazhi.core import capabilities as cap
from fazhi.core.modules import Module
from fazhi.plans.menu import MENU

MODULE = Module(
    app="plans",
    label="规划方案",
    capabilities={cap.MANAGE_PLANS: "导入与管理规划方案", cap.VIEW_PLANS: "查看规划方案"},
    grants={"office": (cap.MANAGE_PLANS, cap.VIEW_PLANS), "reporter": (cap.VIEW_PLANS,),
            "leader": (cap.VIEW_PLANS,)},
    menu=tuple(MENU),
    actions={
        "plan_import.create": "导入方案（待校对）", "plan_import.fields": "校对方案信息",
        "plan_import.edit_item": "修改条目", "plan_import.add_unit": "条目增加单位",
        "plan_import.remove_unit": "条目移除单位", "plan_import.correct_deadline": "更正时限",
        "plan_import.merge_item": "合并条目", "plan_import.split_item": "拆分条目",
        "plan_import.links": "设置上位方案", "plan_import.resolve_later": "单位名称稍后处理",
        "plan_import.leave_unresolved": "单位名称保留未对应", "plan_import.discard": "放弃导入",
        "plan.confirm": "确认导入方案", "plan.create_from_ledger": "由台账建立方案",
        "plans.map_unit_name": "单位名称对应", "plans.align.suggest": "生成对标建议",
        "plans.align.confirm": "确认对标", "plans.align.reject": "否决对标", "plans.align.link": "人工对标",
    },
    field_labels={"items": "条目数", "jurisdiction": "行政区", "revises": "修订的方案", "key": "条目",
                  "role": "单位角色", "index": "时限序号", "value": "取值", "status": "状态",
                  "decided_by": "决定人", "decided_at": "决定时间"},
    references={
        "plan_import.create": {"revises": "plans.Plan"},
        "plan_import.links": {"upper_plan": "plans.Plan", "revises": "plans.Plan"},
        "plans.align.suggest": {"upper_plan": "plans.Plan", "aligned_with": "plans.Plan"},
    },
)
