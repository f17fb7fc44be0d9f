"""重大行政决策: the annual catalogue, the gated decision record, execution on the ledger, post-evaluation."""

from fazhi.core import capabilities as cap
from fazhi.core.menu import MenuEntry
from fazhi.core.modules import Indicator, Module
from fazhi.decisions import catalogue, gates, portal, workflow
from fazhi.decisions.capabilities import MANAGE_DECISIONS, REVIEW_DECISIONS, UNDERTAKE_DECISIONS
from fazhi.decisions.models import Category, PublicComment

ANY = (MANAGE_DECISIONS, UNDERTAKE_DECISIONS, REVIEW_DECISIONS)


def _rates(region, year):
    from fazhi.decisions.rates import decision_rates

    return decision_rates(region, year)


# 使用说明 of this module's pages (fazhi.core.pagehelp).
HELP = {
    "decisions:catalogues": "决策事项目录：按决策机关和年度编制重大行政决策事项目录，列明每一事项须履行的程序、承办单位和计划时间；经同级党委同意后公布，年中调整另行公布新版本。\n使用者：依法治理办公室（司法局）。",
    "decisions:list": "决策办理：每项重大行政决策从启动、公众参与、专家论证、风险评估、合法性审查到集体讨论决定、公布、执行和后评估的全过程；目录要求的程序不能跳过。\n使用者：承办单位办理，办公室审查和督促。",
    "decisions:experts": "论证专家库：参与专家论证的专家及其专业领域，论证时从库中选取并记录意见。\n使用者：依法治理办公室维护。",
    "decisions:procedure_sets": "决策程序设置：按决策机关类型（县级以上地方人民政府、部门、乡级人民政府）设置目录事项须履行的程序；省级设置适用于全省，市县可设置本级规定覆盖上级；新增目录事项按此预先勾选。\n使用者：依法治理办公室（司法局）。",
    "decisions:rates": "统计指标：合法性审查覆盖率、公众参与/专家论证/风险评估完成率、法律顾问参与率、目录公布及时率，均由办理记录计算。\n使用者：办公室和领导查看。",
}

MODULE = Module(
    app="decisions",
    label="重大行政决策",
    capabilities={
        MANAGE_DECISIONS: "重大行政决策目录、集体讨论决定与公布",
        UNDERTAKE_DECISIONS: "承办重大行政决策（草案、公众参与、专家论证、风险评估）",
        REVIEW_DECISIONS: "重大行政决策与行政合同合法性审查",
    },
    grants={"office": (MANAGE_DECISIONS, REVIEW_DECISIONS), "reporter": (UNDERTAKE_DECISIONS,)},
    help=HELP,
    menu=(
        MenuEntry("重大行政决策", "决策事项目录", "decisions:catalogues", MANAGE_DECISIONS, 10),
        MenuEntry("重大行政决策", "决策办理", "decisions:list", ANY, 20),
        MenuEntry("重大行政决策", "论证专家库", "decisions:experts", MANAGE_DECISIONS, 30),
        MenuEntry("重大行政决策", "决策程序设置", "decisions:procedure_sets", MANAGE_DECISIONS, 35),
        MenuEntry("重大行政决策", "统计指标", "decisions:rates", cap.VIEW_DASHBOARD, 40),
    ),
    workflows=(workflow.DECISION, catalogue.CATALOGUE),
    time_limits=gates.TIME_LIMITS,
    indicators=(Indicator("decisions.rates", "合法性审查覆盖率、公众参与/专家论证/风险评估完成率、法律顾问参与率、决策目录公布及时率",
                          _rates),),
    portal_sections=(portal.PUBLISHED, portal.CONSULTATIONS, portal.HEARINGS, portal.CATALOGUES),
    actions={
        "decision.catalogue.create": "新建决策事项目录", "decision.catalogue.entry_add": "目录增加决策事项",
        "decision.catalogue.entry_withdraw": "目录调出决策事项", "decision.start": "启动重大行政决策",
        "decision.draft": "修改决策草案", "decision.comment.submit": "公众提交意见",
        "decision.comment.handle": "研究处理公众意见", "decision.expert.add": "专家入库",
        "decision.expert.opinion": "记录专家论证意见", "decision.counsel.add": "记录法律顾问参与",
        "decision.requirement.add": "明确执行单位和要求", "decision.archive.export": "导出决策档案",
        "decision.attachment.add": "上传决策档案材料", "decision.attachment.remove": "删除决策档案材料",
        "decision.procedure_set": "设置决策程序", "decision.procedure_set.reset": "恢复沿用上级决策程序设置",
    },
    field_labels={
        "procedures": "须履行的程序", "lead_unit": "承办单位", "publish_by": "应公布日期", "draft": "决策草案",
        "handling": "采纳情况", "reply": "研究说明", "expert": "专家", "opinion": "意见", "procedure": "环节",
        "requirement": "执行要求", "due_on": "完成时限", "comment_start": "征求意见开始", "comment_end": "征求意见截止",
        "review_outcome": "审查结论", "decided_on": "决定日期", "published_on": "公布日期", "round": "程序轮次", "jurisdiction": "适用行政区",
    },
    value_labels={"handling": dict(PublicComment.Handling.choices), "category": dict(Category.choices),
                  "review_outcome": {"passed": "通过", "failed": "不通过", "exploratory": "探索性改革（明示法律风险）"}},
)
