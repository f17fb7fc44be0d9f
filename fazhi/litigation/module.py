"""行政应诉, 司法建议 and 检察建议 on the module kernel (docs/modules.md)."""

from fazhi.core import capabilities as cap
from fazhi.core.menu import MenuEntry
from fazhi.core.modules import Indicator, Module
from fazhi.litigation import suggestions, workflow
from fazhi.litigation.models import Attendee, CaseType, JudgmentKind, Result
from fazhi.litigation.perms import MANAGE


def _rates(cases, observations, year):
    from fazhi.litigation.rates import litigation_rates

    return litigation_rates(cases, observations, year)


# 使用说明 of this module's pages (fazhi.core.pagehelp).
HELP = {
    "litigation:list": "应诉案件：从收到起诉状副本起计算15日答辩举证期限，记录每次庭审出庭的负责人、判决结果、上诉期限和履行情况。\n使用者：司法局及各被诉单位。",
    "litigation:suggestions": "司法建议、检察建议：登记收到日期和回复期限（建议书载明的期限，默认两个月），按期回复并上传落实材料。\n使用者：司法局及被建议单位。",
    "litigation:observations": "庭审旁听：各单位组织工作人员旁听庭审的记录。\n使用者：司法局及各单位。",
    "litigation:rates": "出庭与办复统计：负责人出庭率、主要负责人出庭情况、一审败诉率、建议按期办复率，均由案件记录计算。\n使用者：司法局、领导。",
}

MODULE = Module(
    app="litigation",
    label="行政应诉",
    capabilities={MANAGE: "行政应诉案件、庭审旁听与司法建议、检察建议办理"},
    grants={"office": (MANAGE,)},
    help=HELP,
    menu=(
        MenuEntry("行政应诉", "应诉案件", "litigation:list", MANAGE, 10),
        MenuEntry("行政应诉", "司法建议、检察建议", "litigation:suggestions", MANAGE, 20),
        MenuEntry("行政应诉", "庭审旁听", "litigation:observations", MANAGE, 30),
        MenuEntry("行政应诉", "出庭与办复统计", "litigation:rates", (MANAGE, cap.VIEW_DASHBOARD), 40),
    ),
    workflows=(workflow.LITIGATION, suggestions.SUGGESTION),
    time_limits=(*workflow.TIME_LIMITS, *suggestions.TIME_LIMITS),
    indicators=(Indicator("litigation.rates", "负责人出庭率、主要负责人出庭、一审败诉率、庭审旁听", _rates),),
    actions={
        "litigation.register": "登记行政应诉案件",
        "litigation.hearing.add": "登记庭审出庭情况",
        "litigation.observation.add": "登记庭审旁听",
        "litigation.suggestion.register": "登记司法建议、检察建议",
        "litigation.suggestion.reply": "回复司法建议、检察建议",
        "litigation.suggestion.evidence": "上传整改证明材料",
        # Written by the module's own scan before the reply became a kernel clock; kept for old log rows.
        "litigation.suggestion.due_soon": "司法建议、检察建议临期提醒",
        "litigation.suggestion.overdue": "司法建议、检察建议逾期提醒",
    },
    field_labels={
        "plaintiff": "原告", "cause": "案由", "result": "一审结果", "judgment_kind": "裁判种类", "final_result": "生效结果",
        "defended_on": "答辩举证日期", "judged_on": "一审裁判送达日期", "effective_on": "生效日期", "held_on": "日期",
        "attendee": "出庭人员", "attendee_name": "出庭人姓名", "attendees": "参加人数", "due_on": "回复期限",
        "replied_on": "回复日期", "on_time": "按期", "kind": "类型",
    },
    value_labels={"result": dict(Result.choices), "final_result": dict(Result.choices),
                  "judgment_kind": dict(JudgmentKind.choices), "attendee": dict(Attendee.choices),
                  "case_type": dict(CaseType.choices)},
)
