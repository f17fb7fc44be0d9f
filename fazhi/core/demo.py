"""Demo organisation tree and accounts: four jurisdictions that the seed plans come from."""

from __future__ import annotations

from dataclasses import dataclass, field

from fazhi.core import services
from fazhi.core.models import DataScope, Level, Unit, User

DEMO_PASSWORD = "Fazhi@2026"

# (full-name suffix, short name) of a government's working departments; 局 becomes 厅 at province level.
DEPARTMENTS = [
    ("人民政府办公室", "政府办"),
    ("司法局", "司法局"),
    ("发展和改革局", "发改局"),
    ("行政审批服务局", "行政审批局"),
    ("市场监督管理局", "市场监管局"),
    ("财政局", "财政局"),
    ("公安局", "公安局"),
    ("教育局", "教育局"),
    ("自然资源局", "自然资源局"),
    ("住房和城乡建设局", "住建局"),
    ("交通运输局", "交通局"),
    ("农业农村局", "农业农村局"),
    ("水利局", "水利局"),
    ("卫生健康局", "卫健局"),
    ("应急管理局", "应急局"),
    ("人力资源和社会保障局", "人社局"),
    ("民政局", "民政局"),
    ("审计局", "审计局"),
    ("生态环境局", "生态环境局"),
    ("文化和旅游局", "文旅局"),
    ("统计局", "统计局"),
    ("信访局", "信访局"),
]
# Departments that hold enforcement powers (行政执法主体): plans' 各执法部门 expand to these.
ENFORCEMENT = {"市场监管局", "公安局", "自然资源局", "住建局", "交通局", "农业农村局", "水利局", "卫健局", "应急局",
               "人社局", "生态环境局", "文旅局", "教育局", "民政局", "财政局", "审计局", "统计局"}
PARTY_BODIES = [
    ("委机构编制委员会办公室", "委编办"),
    ("委宣传部", "委宣传部"),
    ("委政法委员会", "委政法委"),
]
EXTERNAL = [("人民法院", "法院"), ("人民检察院", "检察院"), ("人大常委会法制工作委员会", "人大常委会法工委")]

_PREFIX = {Level.PROVINCE: "省", Level.CITY: "市", Level.COUNTY: "县", Level.TOWN: "镇"}
_RULE_OF_LAW = {Level.PROVINCE: "省", Level.CITY: "市", Level.COUNTY: "县"}


@dataclass
class Region:
    name: str
    level: str
    code: str = ""
    towns: list[str] = field(default_factory=list)
    children: list[Region] = field(default_factory=list)
    full: bool = True  # departments and external bodies too


def _prefix(region: Region) -> str:
    if region.level == Level.COUNTY and region.name.endswith("区"):
        return "区"
    return _PREFIX[region.level]


TREE = [
    Region("陕西省", Level.PROVINCE, "610000", children=[
        Region("宝鸡市", Level.CITY, "610300", children=[
            Region("陇县", Level.COUNTY, "610327", towns=[
                "城关镇", "东风镇", "八渡镇", "温水镇", "天成镇", "曹家湾镇", "固关镇", "东南镇", "河北镇", "新集川镇",
            ]),
            Region("千阳县", Level.COUNTY, "610328", towns=["城关镇", "崔家头镇", "南寨镇"], full=False),
            Region("凤县", Level.COUNTY, "610330", towns=["双石铺镇", "凤州镇"], full=False),
        ]),
    ]),
    Region("浙江省", Level.PROVINCE, "330000", full=False, children=[
        Region("嘉兴市", Level.CITY, "330400", full=False, children=[
            Region("嘉善县", Level.COUNTY, "330421", towns=[
                "罗星街道", "魏塘街道", "惠民街道", "大云镇", "西塘镇", "干窑镇", "陶庄镇", "姚庄镇", "天凝镇",
            ]),
        ]),
    ]),
    Region("河南省", Level.PROVINCE, "410000", full=False, children=[
        Region("许昌市", Level.CITY, "411000", children=[
            Region("魏都区", Level.COUNTY, "411002", towns=["西大街道", "东大街道"], full=False),
            Region("建安区", Level.COUNTY, "411003", towns=["将官池镇", "五女店镇"], full=False),
            Region("禹州市", Level.COUNTY, "411081", towns=["钧台街道", "神垕镇"], full=False),
            Region("长葛市", Level.COUNTY, "411082", towns=["建设路街道", "后河镇"], full=False),
            Region("鄢陵县", Level.COUNTY, "411024", towns=["安陵镇", "马栏镇"], full=False),
        ]),
    ]),
    Region("宁夏回族自治区", Level.PROVINCE, "640000", full=False, children=[
        Region("某市", Level.CITY, "", children=[
            Region("甲区", Level.COUNTY, "", towns=["一街道", "二街道"], full=False),
            Region("乙县", Level.COUNTY, "", towns=["东镇", "西镇"], full=False),
        ]),
    ]),
]


def _party(region: Region) -> str:
    """中共陇县县委 for a two-character county, 中共嘉善县委 / 中共宝鸡市委 otherwise."""
    if region.level == Level.COUNTY and len(region.name) == 2:
        return f"中共{region.name}{region.name[-1]}委"
    return f"中共{region.name}委"


def _department_name(region: Region, suffix: str) -> str:
    if region.level == Level.PROVINCE and suffix.endswith("局") and suffix != "统计局":
        suffix = suffix[:-1] + "厅"
    return f"{region.name}{suffix}"


def _add(parent: Unit, name: str, kind: str, aliases: list[str], enforcement: bool = False) -> Unit:
    return services.create_unit(
        None, name=name, kind=kind, parent=parent, aliases=sorted({a for a in aliases if a and a != name}),
        enforcement_powers=enforcement,
    )


def _build(region: Region, parent: Unit | None) -> None:
    node = services.create_unit(
        None, name=region.name, kind=Unit.Kind.REGION, parent=parent, level=region.level, code=region.code
    )
    p = _prefix(region)
    _add(node, f"{region.name}人民政府", Unit.Kind.GOVERNMENT, [f"{p}政府", f"{region.name}政府"])
    if region.level in _RULE_OF_LAW:
        word = {"省": "省", "市": "市", "县": "县", "区": "区"}[p]
        _add(
            node, f"{_party(region)}全面依法治{word}委员会办公室", Unit.Kind.OFFICE,
            [f"{p}委依法治{word}办", f"依法治{word}办", f"{region.name}委依法治{word}办"],
        )
    departments = DEPARTMENTS if region.full else DEPARTMENTS[:6]
    for suffix, short in departments:
        short_name = short if region.level != Level.PROVINCE or not short.endswith("局") else short[:-1] + "厅"
        _add(node, _department_name(region, suffix), Unit.Kind.DEPARTMENT,
             [f"{p}{short_name}", f"{region.name}{short_name}", short_name], enforcement=short in ENFORCEMENT)
    if region.full:
        for suffix, short in PARTY_BODIES:
            _add(node, f"{_party(region)}{suffix[1:]}", Unit.Kind.DEPARTMENT, [f"{p}{short}", f"{region.name}{short}"])
        for suffix, short in EXTERNAL:
            _add(node, f"{region.name}{suffix}", Unit.Kind.EXTERNAL, [f"{p}{short}", f"{region.name}{short}", short])
    for town in region.towns:
        town_node = services.create_unit(None, name=town, kind=Unit.Kind.REGION, parent=node, level=Level.TOWN)
        kind_word = "街道办事处" if town.endswith("街道") else "人民政府"
        _add(town_node, f"{town}{kind_word}", Unit.Kind.GOVERNMENT, [town, f"{region.name}{town}"])
    for child in region.children:
        _build(child, node)


def unit_named(name: str, within: str | None = None) -> Unit:
    qs = Unit.objects.filter(name=name)
    if within:
        qs = qs.filter(path__startswith=Unit.objects.get(name=within, kind=Unit.Kind.REGION).path)
    return qs.get()


# (username, full name, unit name, region to look in, roles, data scope, description)
ACCOUNTS = [
    ("sysadmin", "系统管理员", "陕西省人民政府", "陕西省", ["sysadmin"], DataScope.ALL, "系统管理员：组织机构、用户、日历"),
    ("secadmin", "安全管理员", "陕西省人民政府", "陕西省", ["secadmin"], DataScope.ALL, "安全管理员：角色、会话"),
    ("auditor", "审计管理员", "陕西省人民政府", "陕西省", ["auditor"], DataScope.ALL, "审计管理员：操作与登录日志"),
    ("sx_office", "省依法治省办", "中共陕西省委全面依法治省委员会办公室", "陕西省", ["office"], DataScope.JURISDICTION,
     "陕西省依法治省办（全省）"),
    ("lx_office", "陇县依法治县办", "陇县司法局", "陇县", ["office"], DataScope.JURISDICTION, "陇县司法局（依法治县办）"),
    ("lx_fgj", "县发改局填报员", "陇县发展和改革局", "陇县", ["reporter"], DataScope.OWN_UNIT, "陇县发改局填报员"),
    ("lx_cgz", "城关镇填报员", "城关镇人民政府", "陇县", ["reporter"], DataScope.OWN_UNIT, "陇县城关镇填报员"),
    ("lx_leader", "陇县领导", "陇县人民政府", "陇县", ["leader"], DataScope.JURISDICTION, "陇县政府领导（只读看板）"),
    ("js_office", "嘉善县依法治县办", "嘉善县司法局", "嘉善县", ["office"], DataScope.JURISDICTION, "嘉善县司法局"),
    ("xc_office", "许昌市依法治市办", "许昌市司法局", "许昌市", ["office"], DataScope.JURISDICTION, "许昌市司法局"),
    ("ms_office", "某市依法治市办", "某市司法局", "某市", ["office"], DataScope.JURISDICTION, "宁夏某市司法局"),
    ("bj_office", "宝鸡市依法治市办", "宝鸡市司法局", "宝鸡市", ["office"], DataScope.JURISDICTION,
     "宝鸡市司法局（依法治市办，含所辖县区）"),
]


def load_units() -> None:
    for region in TREE:
        _build(region, None)


def load_accounts() -> list[tuple[str, str]]:
    rows = []
    for username, full_name, unit_name, within, roles, scope, description in ACCOUNTS:
        services.create_user(
            None, username=username, password=DEMO_PASSWORD, full_name=full_name,
            unit=unit_named(unit_name, within), roles=roles, data_scope=scope,
        )
        rows.append((username, description))
    return rows


def load(stdout) -> None:
    """Entry point called by `fazhi load_demo` (each app may have a demo.load)."""
    load_units()
    accounts = load_accounts()
    from fazhi.core.calendar import seed_from_library

    seed_from_library()  # usually a no-op: migration 0003 seeded it, unless the tables were flushed
    stdout.write(f"已创建 {Unit.objects.count()} 个单位、{User.objects.count()} 个账号")
    for username, description in accounts:
        stdout.write(f"  {username:<12} {DEMO_PASSWORD}  {description}")
