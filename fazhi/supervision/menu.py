from fazhi.core import capabilities as cap
from fazhi.core.menu import MenuEntry

MENU = [
    MenuEntry("督查督办", "本单位待办", "supervision:inbox", cap.REPORT_PROGRESS, 10),
    MenuEntry("督查督办", "任务台账", "supervision:ledger_list", cap.SUPERVISE, 20),
    MenuEntry("督查督办", "报告审核", "supervision:review_queue", cap.SUPERVISE, 30),
    MenuEntry("督查督办", "延期审批", "supervision:extension_list", cap.SUPERVISE, 35),
    MenuEntry("督查督办", "延期申请", "supervision:extension_list", cap.REPORT_PROGRESS, 36),
    MenuEntry("督查督办", "督办单", "supervision:order_list", cap.SUPERVISE, 40),
    MenuEntry("督查督办", "收到的督办单", "supervision:order_list", cap.REPORT_PROGRESS, 41),
    MenuEntry("督查督办", "提醒单位", "supervision:remind", cap.SUPERVISE, 45),
    MenuEntry("督查督办", "督办设置", "supervision:settings", cap.SUPERVISE, 90),
    MenuEntry("督查督办", "本单位完成情况", "supervision:dashboard", cap.REPORT_PROGRESS, 15),
    MenuEntry("统计考核", "督查督办看板", "supervision:dashboard", cap.VIEW_DASHBOARD, 10),
]
