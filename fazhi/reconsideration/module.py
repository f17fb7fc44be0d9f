"""行政复议 (行政复议法 2023) on the module kernel (docs/modules.md)."""

from fazhi.core import capabilities as cap
from fazhi.core.menu import MenuEntry
from fazhi.core.modules import Module, PortalSection
from fazhi.reconsideration import opinions, workflow
from fazhi.reconsideration.models import Channel, Outcome, Performance, Procedure
from fazhi.reconsideration.perms import APPROVE, MANAGE


def _scan(today):
    from fazhi.reconsideration.services import scan_reconsideration

    return scan_reconsideration(today)


MODULE = Module(
    app="reconsideration",
    label="行政复议",
    capabilities={MANAGE: "行政复议案件登记、审查、审理与决定", APPROVE: "行政复议机构负责人审批（转普通程序、延长审理期限）"},
    grants={"office": (MANAGE, APPROVE)},
    menu=(
        MenuEntry("行政复议", "复议案件", "reconsideration:list", MANAGE, 10),
        MenuEntry("行政复议", "登记书面申请", "reconsideration:create", MANAGE, 20),
        MenuEntry("行政复议", "纠错与履行通报", "reconsideration:reports", (MANAGE, cap.VIEW_DASHBOARD), 30),
    ),
    workflows=(workflow.RECON, opinions.OPINION),
    time_limits=workflow.TIME_LIMITS,
    scans=(_scan,),
    portal_sections=(PortalSection("行政复议决定书", "reconsideration:public_decisions"),
                     PortalSection("网上申请行政复议", "reconsideration:apply")),
    actions={
        "reconsideration.file": "登记行政复议申请",
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
)
