"""Plans for the alignment tests: 测试省's plan (upper) and 测试县's measures (lower), in the `org` tree."""

from __future__ import annotations

from fazhi.plans.models import Plan, PlanItem

PROVINCE_ITEMS = [
    (["一"], "总体要求", ""),
    (["一", "(一)"], "指导思想", "坚持以习近平法治思想为指导，推进法治政府建设。"),
    (["二"], "主要任务", ""),
    (["二", "(一)"], "完善行政执法工作体系", ""),
    (
        ["二", "(一)", "1"],
        "完善行政执法程序",
        "全面落实行政裁量权基准制度，细化量化各行政执法行为的裁量范围、种类、幅度并对外公布。",
    ),
    (
        ["二", "(一)", "2"],
        "加强行政执法监督",
        "建立健全行政执法案卷管理和评查、行政执法考核评议等制度，建立行政执法监督员制度。",
    ),
    (["二", "(二)"], "完善社会矛盾纠纷行政预防调处化解体系", ""),
    (
        ["二", "(二)", "3"],
        "发挥行政复议主渠道作用",
        "深化行政复议体制改革，推动建立行政复议委员会，提高行政复议办案质量。",
    ),
    (
        ["二", "(二)", "4"],
        "加强和规范行政应诉工作",
        "认真执行行政机关负责人出庭应诉制度，做好司法建议、检察建议落实和反馈工作。",
    ),
]

COUNTY_ITEMS = [
    (["一"], "全面提升行政执法质量", ""),
    (
        ["一", "1"],
        "",
        "全面落实行政裁量权基准制度，各行政执法部门行政裁量权基准报县司法局。(县司法局牵头，各部门按职责分工负责)",
    ),
    (["一", "2"], "", "常态化开展执法案卷评查，每年至少开展2次案卷评查。(县司法局牵头)"),
    (["二"], "加强行政复议工作", ""),
    (["二", "3"], "", "加强行政复议队伍建设，建立行政复议委员会，规范行政复议听证室。(县司法局牵头)"),
]


def make_plan(jurisdiction, title: str, rows, upper_plan: Plan | None = None) -> Plan:
    plan = Plan.objects.create(jurisdiction=jurisdiction, title=title, upper_plan=upper_plan, level="county")
    parents: dict[tuple, PlanItem] = {}
    for order, (path, title_text, text) in enumerate(rows, start=1):
        item = PlanItem.objects.create(
            plan=plan,
            parent=parents.get(tuple(path[:-1])),
            order=order,
            path=path,
            label=path[-1],
            title=title_text,
            text=text,
        )
        parents[tuple(path)] = item
    return plan


def province_plan(org) -> Plan:
    return make_plan(org.province, "测试省法治政府建设实施方案", PROVINCE_ITEMS)


def county_plan(org, upper: Plan | None = None) -> Plan:
    return make_plan(org.county, "测试县推进法治政府建设若干措施", COUNTY_ITEMS, upper_plan=upper)


def item(plan: Plan, *path: str) -> PlanItem:
    return plan.items.get(path=list(path))
