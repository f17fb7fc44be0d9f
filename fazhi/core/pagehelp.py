"""使用说明: one short Chinese text per page — what the page is for and who uses it — keyed by URL name.

The base template shows the text of the page being viewed in a collapsible panel. Pages of the apps
that exist today are in `HELP` below; a module added later declares its own in `Module.help` (same
form), so one table serves every page and a new module touches no core file.
`tests/core/test_page_help.py` fails naming any menu page without a text.
"""

from __future__ import annotations

from functools import cache

HELP: dict[str, str] = {
    "normdocs:filing_queue": "备案审查：报送到本单位（备案审查机关的司法行政部门）的规范性文件备案——登记或退回补正、审查并作出结论，期限临期、逾期提醒。报备单位自己不能审查自己的备案。\n"
                             "使用者：上级政府司法局（备案审查机关）。",
    "normdocs:suggestion_list": "审查建议：公民、法人和其他组织通过门户对规范性文件提出的审查建议，按期答复。\n"
                                "使用者：备案审查机关的司法行政部门。",
    "wordtemplates:settings": "文书模板：各类文书（督办通知单、受理通知书、答复书等）的 Word 模板。本行政区可上传自己的模板（红头、文号、措辞），未上传的沿用上级或系统默认模板。\n"
                              "使用者：依法治理办公室。",
    # 工作台
    "core:home": "本页汇总您的待办事项（待审核报告、临期/逾期节点、待回复督办单、待审查文件等）和可用功能。\n"
                 "使用者：所有用户。点击待办卡片直接进入对应列表办理。",
    "core:notifications": "站内消息：系统发给您的提醒（报告退回、临期逾期、督办单等）。\n"
                          "使用者：所有用户。可按未读筛选，逐条或全部标为已读；点击“查看”打开相关页面并标为已读。",
    "core:api_tokens": "接口令牌：为对接其他系统创建个人令牌，令牌以您的权限和数据范围调用接口。\n"
                       "使用者：需要系统对接的用户。令牌只显示一次，请妥善保存；不用时及时吊销。",
    "core:calendar": "工作日历：法定节假日与调休工作日，所有按工作日计算的期限都以此为准。\n"
                     "使用者：所有用户查看；系统管理员维护（逐日修改或按年导入国务院放假安排）。",
    # 系统管理
    "core:unit_list": "组织机构：省、市、县、乡镇及各部门的隶属关系，决定每个用户能看到的数据范围。\n"
                      "使用者：系统管理员维护，其他有权限的用户查看。",
    "core:user_list": "用户管理：新建账号、设置所属单位、角色和数据范围，停用离岗人员账号。\n"
                      "使用者：系统管理员。可按角色、状态筛选并导出 Excel。",
    # 安全审计
    "core:role_list": "角色与权限：每个角色包含哪些权限。系统管理员、安全管理员、审计管理员三员分立，不能合并。\n"
                      "使用者：安全管理员。",
    "core:account_list": "账号与角色：为账号分配角色、重置密码。\n使用者：安全管理员。",
    "core:session_list": "在线会话：当前登录的账号，可强制下线。\n使用者：安全管理员。",
    "core:lockout_list": "登录限制：因多次输错密码被限制登录的账号或地址，可解除限制。\n使用者：安全管理员。",
    "core:security_policy": "安全策略：密码有效期、登录超时、接口令牌有效期等。\n使用者：安全管理员。",
    "core:operation_log": "操作日志：谁在何时对什么做了什么修改（修改前后对照），日志不可修改和删除。\n"
                          "使用者：审计管理员。可按操作、时间筛选并导出。",
    "core:login_log": "登录日志：每次登录的时间、地址、结果和未通过的原因。\n使用者：审计管理员。",
    # 规划任务
    "plans:plan_list": "规划方案：已导入的实施方案、纲要、工作要点等，可查看条目并与上级方案对应。\n"
                       "使用者：依法治理办公室和有查看权限的领导。",
    "plans:import_upload": "导入方案：上传 txt、docx、html、pdf 或粘贴文本，系统自动识别结构、责任单位、时限和量化指标，"
                           "预览核对后确认入库。\n使用者：依法治理办公室。",
    "plans:import_list": "导入记录：每次导入的文件、识别结果和确认情况，未确认的可继续核对。\n使用者：依法治理办公室。",
    "plans:plan_detail": "方案详情：方案的章节和条目，每条的责任单位、时限和量化指标。\n使用者：依法治理办公室和领导。",
    # 督查督办
    "supervision:inbox": "本单位待办：本单位承担的任务节点，按截止日期排列，临期、逾期醒目标出；也列出收到的督办单。\n"
                         "使用者：各部门、各乡镇的报送人员。点击“报送进展”填写进展和佐证材料。",
    "supervision:ledger_list": "任务台账：各方案生成的任务分工台账及完成情况；可从方案生成台账或导入 Excel 台账。\n"
                               "使用者：依法治理办公室。",
    "supervision:plan_ledger": "方案台账：一个方案的全部任务、责任单位和节点完成情况。可按单位、状态筛选，导出 Excel，"
                               "打开打印版。\n使用者：依法治理办公室和领导。",
    "supervision:review_queue": "报告审核：各单位报送、等待审核的进展报告。可逐份审核，也可勾选多份一并采纳"
                                "（每份单独办理，逐份显示结果）。\n使用者：依法治理办公室。",
    "supervision:extension_list": "延期申请：节点延期的申请与审批情况。报送单位在节点页面申请，办公室在此批准或不批准。\n"
                                  "使用者：办公室审批，报送单位查看自己的申请。",
    "supervision:order_list": "督办单：办公室下发的督办单及回复情况，逾期未回复的醒目标出。可筛选、导出。\n"
                              "使用者：办公室下发和办结，承办单位查看并回复收到的督办单。",
    "supervision:remind": "提醒单位：列出有逾期、临期或未完成节点的单位，勾选后一次向多个单位发送站内提醒（逐个显示结果）。\n"
                          "使用者：依法治理办公室。",
    "supervision:bulletin": "督查督办情况通报：按单位列出到期节点的完成率和按期完成率（由低到高）及逾期节点，供打印印发。\n"
                            "使用者：依法治理办公室和领导。",
    "supervision:ledger_print": "打印版台账：方案全部任务、责任单位和完成情况，按 A4 纸排版，点击“打印”。\n"
                                "使用者：依法治理办公室和领导。",
    "supervision:settings": "督办设置：临期提醒提前的工作日数、督办单回复期限和文号代字、督办通知单模板等。\n"
                            "使用者：依法治理办公室。",
    "supervision:dashboard": "督查督办看板：各单位任务完成率、按期完成率、逾期率和排名，可下钻到节点明细，"
                             "可提醒多个单位。\n使用者：领导、依法治理办公室；报送单位看本单位情况。",
    "supervision:dashboard_milestones": "节点明细：看板上某一单位或某一状态的全部节点。\n使用者：领导、依法治理办公室。",
    "supervision:task_detail": "任务详情：任务原文、责任单位和每个单位的时间节点、进展报告。办公室可增减责任单位。\n"
                               "使用者：办公室、责任单位、领导。",
    "supervision:milestone_detail": "节点详情：一个单位在一个任务上的截止日期、报告和延期记录。报送单位可申请延期，"
                                    "办公室可更正截止日期。\n使用者：办公室和报送单位。",
    "supervision:report_detail": "进展报告：报告内容、佐证材料和审核记录。办公室在此采纳或退回。\n使用者：办公室和报送单位。",
    "supervision:order_detail": "督办单详情：督办事由、涉及任务和节点、回复和附件。承办单位在此回复，办公室办结。\n"
                                "使用者：办公室和承办单位。",
    # 规范性文件
    "normdocs:list": "文件登记：本单位及下级的行政规范性文件，从起草、征求意见、合法性审核到公开发布、报送备案的全过程。\n"
                     "使用者：起草单位、司法行政部门。可按状态、单位筛选并导出。",
    "normdocs:filing": "报备期限：已公布但尚未报送备案的文件及其报备截止日期（按本辖区“时限与编号规则”计算）。\n"
                       "使用者：司法行政部门（备案审查机构）。",
    "normdocs:cleanup_list": "清理：规范性文件清理活动，逐件作出保留、修改、废止等结论并公布结果。\n使用者：司法行政部门。",
    "normdocs:import_upload": "批量导入：用 Excel 导入历史规范性文件，有问题的行会逐行说明原因。\n使用者：司法行政部门。",
    "normdocs:rates": "统计指标：合法性审核率、报备率、报备及时率等，可按地区和年度查看。\n使用者：领导和司法行政部门。",
    "normdocs:rules": "时限与编号规则：本辖区合法性审核、报备等时限（附法律依据）和统一编号规则。\n使用者：司法行政部门。",
    "normdocs:detail": "文件详情：文件的办理流程、时间线、附件和关联文件，按当前状态显示可办理的操作。\n"
                       "使用者：起草单位和司法行政部门。",
}


@cache
def help_table() -> dict[str, str]:
    """The one table: core's texts with every module's own declarations (`Module.help`)."""
    from fazhi.core.modules import all_modules

    table = dict(HELP)
    for module in all_modules():
        table.update(module.help)
    return table


def help_for(request) -> str:
    """The 使用说明 of the page the request is for, or "" where the page has none."""
    match = getattr(request, "resolver_match", None)
    return help_table().get(match.view_name, "") if match is not None else ""
