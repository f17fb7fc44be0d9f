"""依申请公开 (政府信息公开条例 2019): requests with their statutory clocks, replies, the annual report tables."""

from fazhi.core.menu import MenuEntry
from fazhi.core.modules import Indicator, Module, PortalSection
from fazhi.disclosure import letters, workflow
from fazhi.disclosure.models import DisclosureRequest
from fazhi.disclosure.workflow import APPROVE, MANAGE, VIEW
from fazhi.workflow.public import PublicLookup


def _rates(*args, **kwargs):
    from fazhi.disclosure.report import dispute_rates

    return dispute_rates(*args, **kwargs)


def _public_status(case):
    from fazhi.disclosure.services import public_status

    return public_status(case)


# letters registers the 答复书, 补正通知书 and 延期答复告知书 with fazhi.core.wordtemplates when this is read.
WORD_TEMPLATES = tuple(letters.KINDS.values())

# 使用说明 of this module's pages (fazhi.core.pagehelp).
HELP = {
    "disclosure:list": "公开申请：依申请公开案件列表，显示答复期限（20个工作日，补正、征求第三方意见期间不计入）和临期、逾期状态。\n使用者：信息公开工作机构办理，领导查看。",
    "disclosure:new": "登记申请：登记当面、信函、传真等书面申请，按《政府信息公开条例》第三十一条确定收到日期。\n使用者：信息公开工作机构。",
    "disclosure:appeals": "复议诉讼：因政府信息公开引起的行政复议和行政诉讼及其结果，用于年度报告第四部分。\n使用者：信息公开工作机构。",
    "disclosure:annual": "年度报告：由答复记录自动生成政府信息公开工作年度报告表格（收到、办结、结转及各类答复），部门1月31日前、政府3月31日前报送。\n使用者：信息公开工作机构、领导。",
    "disclosure:staff": "工作人员名单：信息公开工作人员登记，人员变动须在10日内报告。\n使用者：信息公开工作机构。",
}

MODULE = Module(
    app="disclosure",
    label="依申请公开",
    capabilities={MANAGE: "办理政府信息公开申请", APPROVE: "批准延期答复（信息公开工作机构负责人）",
                  VIEW: "查看政府信息公开申请与年度报告"},
    grants={"office": (MANAGE, APPROVE), "leader": (VIEW,)},
    help=HELP,
    menu=(
        MenuEntry("依申请公开", "公开申请", "disclosure:list", (MANAGE, VIEW), 10),
        MenuEntry("依申请公开", "登记申请", "disclosure:new", MANAGE, 20),
        MenuEntry("依申请公开", "复议诉讼", "disclosure:appeals", (MANAGE, VIEW), 30),
        MenuEntry("依申请公开", "年度报告", "disclosure:annual", (MANAGE, VIEW), 40),
        MenuEntry("依申请公开", "工作人员名单", "disclosure:staff", (MANAGE, VIEW), 50),
    ),
    workflows=(workflow.REQUEST,),
    time_limits=workflow.TIME_LIMITS,
    actions={
        "disclosure.submit": "在线提交政府信息公开申请", "disclosure.register": "登记政府信息公开申请",
        "disclosure.appeal_add": "登记信息公开复议诉讼", "disclosure.appeal_conclude": "登记复议诉讼结果",
        "disclosure.staff_add": "新增政务公开工作人员", "disclosure.staff_leave": "政务公开工作人员调离",
        "disclosure.staff_report": "报备工作人员变动",
    },
    field_labels={"case_number": "申请编号", "channel": "提交方式", "received_on": "收到申请日期",
                  "outcome": "办理结果", "closed_on": "答复日期", "excessive": "数量、频次明显超过合理范围",
                  "correction_items": "需要补正的事项", "correction_deadline": "补正期限",
                  "extension_days": "延长工作日数", "consult_party": "征求意见对象", "reply_text": "答复内容"},
    indicators=(Indicator("disclosure.rates", "信息公开纠纷发生率、纠错率", _rates),),
    portal_sections=(PortalSection("政府信息公开申请", "disclosure:apply"),),
    public_lookups=(PublicLookup("政府信息公开申请", DisclosureRequest, _public_status),),
)
