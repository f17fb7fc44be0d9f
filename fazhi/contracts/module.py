"""行政合同与政务诚信: contracts reviewed before signing, SME payment clocks, 政务失信 and 承诺 registers."""

from fazhi.contracts import deadlines, workflow
from fazhi.contracts.models import CreditRecord, Payment
from fazhi.contracts.workflow import CLERKS, MANAGE_CONTRACTS, REGISTER_CONTRACTS
from fazhi.core.menu import MenuEntry
from fazhi.core.modules import Module
from fazhi.portal.catalogue import Catalogue, Column, unit_filter, year_filter

# Published 政务失信 records, each with its cause and rectification (the portal's generic detail page).
CREDIT = Catalogue(
    "government-credit", "政务失信记录公示", title=str,
    published=lambda: CreditRecord.objects.filter(published_on__isnull=False).select_related("unit"),
    columns=(Column("失信主体", "unit.name"), Column("失信类型", "get_kind_display"), Column("认定日期", "recorded_on"),
             Column("状态", "get_state_display")),
    detail_fields=(Column("失信主体", "unit.name"), Column("失信类型", "get_kind_display"), Column("失信事实", "facts"),
                   Column("原因", "cause"), Column("认定日期", "recorded_on"), Column("整改情况", "rectification"),
                   Column("整改完成日期", "rectified_on"), Column("公示日期", "published_on")),
    filters=(year_filter("recorded_on", "认定年度"), unit_filter("unit", "失信主体")),
    ordering=("-recorded_on", "-id"),
)


# 使用说明 of this module's pages (fazhi.core.pagehelp).
HELP = {
    "contracts:list": "合同登记：本单位行政合同台账（当事人、金额、期限、付款与履行节点），签订前须经合法性审查；向中小企业付款按《保障中小企业款项支付条例》计时并临期、逾期提醒。\n使用者：各单位合同经办人登记，依法治理办公室审查和督促。",
    "contracts:credit": "政务失信记录：违约毁约、拖欠账款、拒不履行司法判决等政务失信情形，记录原因、整改和公示情况，可导出报送信用平台。\n使用者：依法治理办公室。",
    "contracts:commitments": "政策承诺：政府及部门作出的政策承诺及其兑现期限；逾期未兑现自动形成政务失信记录。\n使用者：各单位登记兑现情况，办公室督促。",
}

MODULE = Module(
    app="contracts",
    label="行政合同与政务诚信",
    capabilities={MANAGE_CONTRACTS: "行政合同管理与政务诚信记录", REGISTER_CONTRACTS: "登记行政合同及履约情况"},
    grants={"office": (MANAGE_CONTRACTS,), "reporter": (REGISTER_CONTRACTS,)},
    help=HELP,
    menu=(
        MenuEntry("行政合同", "合同登记", "contracts:list", CLERKS, 10),
        MenuEntry("行政合同", "政务失信记录", "contracts:credit", MANAGE_CONTRACTS, 20),
        MenuEntry("行政合同", "政策承诺", "contracts:commitments", CLERKS, 30),
    ),
    workflows=(workflow.CONTRACT, workflow.PAYMENT),
    time_limits=(*workflow.TIME_LIMITS, *deadlines.TIME_LIMITS),
    # Agreed dates on the kernel's one daily scan (SME payments are case clocks of the payment workflow).
    deadlines=(deadlines.MILESTONES, deadlines.COMMITMENTS),
    portal_sections=(CREDIT,),
    actions={
        "contract.register": "登记行政合同", "contract.payment.add": "登记中小企业款项",
        "contract.milestone.add": "登记履约节点", "contract.milestone.complete": "完成履约节点",
        "contract.credit.record": "认定政务失信记录", "contract.credit.rectify": "记录失信整改",
        "contract.credit.publish": "公示政务失信记录", "contract.credit.export": "导出政务诚信数据",
        "contract.commitment.add": "登记政策承诺", "contract.commitment.close": "办结政策承诺",
    },
    field_labels={
        "counterparty": "相对人", "counterparty_code": "统一社会信用代码", "counterparty_sme": "相对人为中小企业",
        "amount": "金额", "term_start": "履行期限自", "term_end": "履行期限至", "signed_on": "签订日期",
        "basis": "起算依据", "agreed_days": "约定付款期限", "paid_on": "支付日期", "facts": "失信事实",
        "rectification": "整改情况", "beneficiary": "承诺对象", "done_on": "完成日期",
    },
    value_labels={"basis": dict(Payment.Basis.choices)},
)
