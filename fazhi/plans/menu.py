from fazhi.core import capabilities as cap
from fazhi.core.menu import MenuEntry

MENU = [
    MenuEntry("规划任务", "规划方案", "plans:plan_list", cap.VIEW_PLANS, 10),
    MenuEntry("规划任务", "导入方案", "plans:import_upload", cap.MANAGE_PLANS, 20),
    MenuEntry("规划任务", "导入记录", "plans:import_list", cap.MANAGE_PLANS, 30),
]
