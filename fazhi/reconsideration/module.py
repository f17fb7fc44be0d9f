"""行政复议 (行政复议法 2023) on the module kernel (docs/modules.md)."""

from fazhi.core import capabilities as cap
from fazhi.core.menu import MenuEntry
from fazhi.core.modules import Indicator, Module, PortalSection
from fazhi.portal.catalogue import Catalogue, Column, unit_filter, year_filter
from fazhi.reconsideration import documents, opinions, workflow
from fazhi.reconsideration.models import (
    DECISION_OUTCOMES,
    Channel,
    Outcome,
    Performance,
    Procedure,
    ReconsiderationCase,
    State,
)
from fazhi.reconsideration.perms import APPROVE, MANAGE
from fazhi.workflow.public import PublicLookup


def _scan(today):
    from fazhi.reconsideration.services import scan_reconsideration

    return scan_reconsideration(today)


def _correction(cases, period, outcomes=None):
    from fazhi.reconsideration.reports import CORRECTING_OUTCOMES, correction_report

    return correction_report(cases, period, outcomes or CORRECTING_OUTCOMES)


def _status(case):
    from fazhi.reconsideration.services import public_status

    return public_status(case)


def published_decisions():
    """Decisions the office has published (公开), never a case still open or closed otherwise."""
    return ReconsiderationCase.objects.filter(state=State.CLOSED, outcome__in=DECISION_OUTCOMES,
                                              published_on__isnull=False).select_related("organ")


DECISIONS = Catalogue(
    "reconsideration", "行政复议决定书", published=published_decisions, ref="case_number",
    title=lambda case: f"{case.organ.name}行政复议决定书（{case.case_number}）",
    columns=(Column("申请人", "masked_applicant"), Column("被申请人", "respondent"), Column("复议机关", "organ.name"),
             Column("决定", "get_outcome_display"), Column("决定日期", "decided_on")),
    filters=(year_filter("decided_on", "决定年度"), unit_filter("organ", "复议机关")),
    ordering=("-published_on", "-id"), detail_template="reconsideration/catalogue_decision.html",
    intro="申请人为自然人的，姓名隐去名字，身份证号码、电话等个人信息不予公开。",
)

# The 文书 register their Word templates on import (documents.SPECS).
WORD_TEMPLATES = tuple(documents.SPECS.values())

# 使用说明 of this module's pages (fazhi.core.pagehelp).
HELP = {
    "reconsideration:list": "复议案件：每件行政复议案件的审查受理、补正、答复、审理（普通或简易程序）、中止、延期和决定，期限按《行政复议法》自动计算并临期、逾期提醒。\n使用者：行政复议机构。",
    "reconsideration:create": "登记书面申请：登记当面或邮寄的复议申请及收到日期；超过申请期限的给出提示，不自动拒收。\n使用者：行政复议机构。",
    "reconsideration:reports": "纠错与履行通报：按季度生成复议纠错情况、按半年生成决定履行情况通报，纠错的结论种类可选。\n使用者：行政复议机构、领导。",
}

MODULE = Module(
    app="reconsideration",
    label="行政复议",
    capabilities={MANAGE: "行政复议案件登记、审查、审理与决定", APPROVE: "行政复议机构负责人审批（转普通程序、延长审理期限）"},
    grants={"office": (MANAGE, APPROVE)},
    help=HELP,
    menu=(
        MenuEntry("行政复议", "复议案件", "reconsideration:list", MANAGE, 10),
        MenuEntry("行政复议", "登记书面申请", "reconsideration:create", MANAGE, 20),
        MenuEntry("行政复议", "纠错与履行通报", "reconsideration:reports", (MANAGE, cap.VIEW_DASHBOARD), 30),
    ),
    workflows=(workflow.RECON, opinions.OPINION),
    time_limits=workflow.TIME_LIMITS,
    scans=(_scan,),
    indicators=(Indicator("reconsideration.correction", "行政复议纠错率（季度，按复议机关）", _correction),),
    portal_sections=(DECISIONS, PortalSection("网上申请行政复议", "reconsideration:apply")),
    public_lookups=(PublicLookup("行政复议案件", ReconsiderationCase, _status),),
    actions={
        "reconsideration.file": "登记行政复议申请",
        "reconsideration.materials.add": "上传行政复议申请材料",
        "reconsideration.publish": "公开行政复议决定书",
        "reconsideration.performance": "登记行政复议决定履行情况",
        "reconsideration.incidental.add": "提出规范性文件附带审查",
        "reconsideration.incidental.conclude": "作出附带审查结论",
        "reconsideration.opinion.create": "登记行政复议意见书、建议书",
    },
    field_labels={
        "procedure": "审理程序", "outcome": "结果", "accepted_on": "受理日期", "decided_on": "决定日期",
        "decision_due_on": "决定期限", "received_on": "收到申请日期", "channel": "申请方式", "applicant_name": "申请人",
        "respondent": "被申请人", "published_on": "公开日期", "performance": "履行情况", "performed_on": "履行日期",
        "document": "规范性文件", "conclusion": "审查结论", "cleanup": "转入清理", "addressee": "送达机关",
        "issued_on": "制发日期", "reported_on": "报送日期",
    },
    value_labels={
        "procedure": dict(Procedure.choices), "outcome": dict(Outcome.choices), "channel": dict(Channel.choices),
        "performance": dict(Performance.choices),
    },
    references={
        "reconsideration.incidental.add": {"document": "normdocs.NormativeDocument"},
        "reconsideration.incidental.conclude": {
            "document": "normdocs.NormativeDocument", "cleanup": "normdocs.CleanupCampaign",
        },
    },
)
