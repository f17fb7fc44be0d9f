from fazhi.core import capabilities as cap
from fazhi.core.menu import MenuEntry

MENU = [
    MenuEntry("规范性文件", "文件登记", "normdocs:list", (cap.DRAFT_NORMDOCS, cap.MANAGE_NORMDOCS), 10),
    MenuEntry("规范性文件", "报备期限", "normdocs:filing", cap.MANAGE_NORMDOCS, 20),
    MenuEntry("规范性文件", "备案审查", "normdocs:filing_queue", cap.REVIEW_FILINGS, 25),
    MenuEntry("规范性文件", "审查建议", "normdocs:suggestion_list", cap.REVIEW_FILINGS, 26),
    MenuEntry("规范性文件", "清理", "normdocs:cleanup_list", cap.MANAGE_NORMDOCS, 30),
    MenuEntry("规范性文件", "批量导入", "normdocs:import_upload", cap.MANAGE_NORMDOCS, 40),
    MenuEntry("规范性文件", "统计指标", "normdocs:rates", cap.VIEW_DASHBOARD, 50),
    MenuEntry("规范性文件", "时限与编号规则", "normdocs:rules", cap.MANAGE_NORMDOCS, 60),
]
