"""Department types (部门类型) and how to recognise one from a unit's name.

A plan names its units the way its region does (县司法局, 市司法局, 陇县司法局, 区司法局); the suggestion
engine learns and ranks by the TYPE of department (司法局), which is the same in every jurisdiction.
`department_type("市委依法治市办")` → "rule_of_law_office". The Django side maps a type back to the real
units of one jurisdiction by classifying their names and aliases with the same function.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class DepartmentType:
    code: str
    label: str
    pattern: re.Pattern[str]
    collective: bool = False  # stands for many units (各镇, 各部门): never a single lead


def _t(code: str, label: str, pattern: str, collective: bool = False) -> DepartmentType:
    return DepartmentType(code, label, re.compile(pattern), collective)


# Order matters: the first pattern that matches wins, so narrower names come before broader ones
# (依法治市办 before 市委…, 政务服务 before 政府办, 人大常委会法工委 before 人大).
DEPARTMENT_TYPES: tuple[DepartmentType, ...] = (
    _t(
        "town_each",
        "各镇（乡、街道）",
        r"^各(乡镇|镇|乡|街道|镇\(街\)|镇\(街道\)|镇街|乡\(镇\)|镇人民政府)",
        True,
    ),
    _t("dept_each", "各部门", r"^(各|有关|相关|.{0,4}直各)(部门|单位|执法部门|行政执法部门)", True),
    _t("county_each", "各县（市、区）", r"^各(县|区|市|县\(区\)|县\(市、区\)|市\(县、区\)|设区的市)", True),
    _t("rule_of_law_office", "依法治理办公室", r"依法治(省|市|县|区|州|旗|理)(委员会)?办|依法治理办公室"),
    _t("legislature", "人大常委会（法工委）", r"人大常委会|人大法制|人民代表大会"),
    _t("political_legal", "政法委", r"政法委"),
    _t("publicity", "宣传部", r"宣传部"),
    _t("organization", "组织部", r"组织部"),
    _t("staffing", "编办", r"编办|机构编制"),
    _t("discipline", "纪委监委", r"纪委|监委|纪律检查|监察委"),
    _t("court", "人民法院", r"法院"),
    _t("procuratorate", "人民检察院", r"检察院"),
    _t("justice", "司法局", r"司法(局|厅|处)$|司法行政"),
    _t(
        "approval",
        "行政审批局（政务服务）",
        r"行政审批|政务服务(管理|中心|局|和大数据)|营商环境(建设)?(局|办)",
    ),
    _t("data", "大数据局", r"大数据|数据(资源)?(管理)?局"),
    _t("government_office", "政府办公室", r"政府办|政府办公(室|厅)|^(省|市|县|区)?府办"),
    _t("government", "人民政府", r"人民政府$|^(省|市|县|区)政府$"),
    _t("development_reform", "发展和改革局", r"发改|发展和改革|发展改革"),
    _t("market_regulation", "市场监督管理局", r"市场监(督)?管"),
    _t("finance", "财政局", r"财政"),
    _t("audit", "审计局", r"审计"),
    _t("statistics", "统计局", r"统计"),
    _t("human_resources", "人力资源和社会保障局", r"人社|人力资源和社会保障|人力资源社会保障"),
    _t("public_security", "公安局", r"公安"),
    _t("ecology_environment", "生态环境局", r"生态环境|环境保护|环保"),
    _t("natural_resources", "自然资源局", r"自然资源|国土资源"),
    _t("housing", "住房和城乡建设局", r"住建|住房和城乡建设|住房城乡建设"),
    _t("urban_management", "城市管理局", r"城市管理|城管|综合行政执法局|综合执法局"),
    _t("transport", "交通运输局", r"交通运输|交通局"),
    _t("agriculture", "农业农村局", r"农业农村|农业局|农村局"),
    _t("water", "水利局", r"水利|水务"),
    _t("forestry", "林业局", r"林业"),
    _t("emergency", "应急管理局", r"应急管理|安全生产监督"),
    _t("health", "卫生健康局", r"卫健|卫生健康|卫生和计划生育|卫生局"),
    _t("education", "教育局", r"教育(和体育)?(局|厅)|教体局|教育体育|教育委员会"),
    _t("civil_affairs", "民政局", r"民政"),
    _t("commerce", "商务局", r"商务"),
    _t("industry", "工业和信息化局", r"工信|工业和信息化|经济和信息化|经信"),
    _t("science", "科技局", r"科技|科学技术"),
    _t("culture_tourism", "文化和旅游局", r"文化和旅游|文旅|文化旅游"),
    _t("veterans", "退役军人事务局", r"退役军人"),
    _t("medical_insurance", "医疗保障局", r"医保|医疗保障"),
    _t("taxation", "税务局", r"税务"),
    _t("petition", "信访局", r"信访"),
    _t("sasac", "国有资产监督管理委员会", r"国资|国有资产监督"),
    _t("archives", "档案馆（局）", r"档案"),
    _t("confidentiality", "保密局", r"保密"),
)

BY_CODE: dict[str, DepartmentType] = {t.code: t for t in DEPARTMENT_TYPES}

_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "【": "(", "】": ")", "［": "(", "］": ")"})


def normalise_name(name: str) -> str:
    name = unicodedata.normalize("NFKC", name or "").translate(_BRACKETS)
    return re.sub(r"\s+", "", name)


@lru_cache(maxsize=8192)
def department_type(name: str) -> str | None:
    """The type code of a unit name (县司法局 → "justice"), or None when no type fits.

    Cached: learning at province scale asks it about ~95,000 names, of a few hundred distinct ones."""
    key = normalise_name(name)
    if not key:
        return None
    for dept in DEPARTMENT_TYPES:
        if dept.pattern.search(key):
            return dept.code
    return None


def label(code: str) -> str:
    dept = BY_CODE.get(code)
    return dept.label if dept else code


def is_collective(code: str) -> bool:
    dept = BY_CODE.get(code)
    return bool(dept and dept.collective)
