"""The capabilities of 行政复议 (labelled and granted in module.py)."""

MANAGE = "reconsideration.manage"  # 复议机构：登记、审查、审理、决定
APPROVE = "reconsideration.approve"  # 复议机构负责人：转普通程序、延长审理期限（第五十五条、第六十二条）
