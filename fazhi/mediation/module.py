"""行政调解 and 行政裁决: the mediation register by area, the versioned 行政裁决事项清单 with its cases,
and the imported 信访 / 诉讼 counts per region for 万人成讼率."""

from fazhi.core.menu import MenuEntry
from fazhi.core.modules import Indicator, Module
from fazhi.mediation.services import MANAGE, VIEW


def _rate(*args, **kwargs):
    from fazhi.mediation.models import RegionCount

    return {row.region.name: row.lawsuits_per_10k for row in RegionCount.objects.select_related("region")
            .filter(year=kwargs.get("year") or (args[0] if args else 0))}


# 使用说明 of this module's pages (fazhi.core.pagehelp).
HELP = {
    "mediation:list": "行政调解：按领域登记调解案件、调解结果和协议履行情况。\n使用者：各调解单位和司法局。",
    "mediation:adjudications": "行政裁决：裁决案件须在现行裁决事项清单内，作出裁决前须记录权利告知。\n使用者：裁决机关和司法局。",
    "mediation:lists": "裁决事项清单：行政裁决事项清单的各个版本，案件按受理日有效的版本核对。\n使用者：司法局维护。",
    "mediation:counts": "信访诉讼数量：按地区导入信访、诉讼数量（Excel，逐行报告拒收原因），用于计算万人成讼率。\n使用者：司法局。",
}

MODULE = Module(
    app="mediation",
    label="行政调解与行政裁决",
    capabilities={MANAGE: "办理行政调解与行政裁决", VIEW: "查看行政调解与行政裁决"},
    grants={"office": (MANAGE,), "leader": (VIEW,)},
    help=HELP,
    menu=(
        MenuEntry("调解裁决", "行政调解", "mediation:list", (MANAGE, VIEW), 10),
        MenuEntry("调解裁决", "行政裁决", "mediation:adjudications", (MANAGE, VIEW), 20),
        MenuEntry("调解裁决", "裁决事项清单", "mediation:lists", (MANAGE, VIEW), 30),
        MenuEntry("调解裁决", "信访诉讼数量", "mediation:counts", (MANAGE, VIEW), 40),
    ),
    actions={
        "mediation.register": "登记行政调解", "mediation.close": "办结行政调解",
        "mediation.performance": "登记调解协议履行情况", "mediation.list_publish": "公布行政裁决事项清单",
        "mediation.adjudication_register": "受理行政裁决", "mediation.rights_notice": "登记行政裁决权利告知",
        "mediation.decide": "作出行政裁决", "mediation.counts_import": "导入信访诉讼数量",
    },
    object_types={"mediation.counts": "信访诉讼数量"},
    field_labels={"area": "纠纷领域", "performance": "协议履行", "version": "版本", "items": "事项数",
                  "item": "裁决事项", "imported": "导入行数", "refused": "拒绝行数"},
    indicators=(Indicator("mediation.lawsuits_per_10k", "万人成讼率（每万名常住人口诉讼案件数）", _rate),),
)
