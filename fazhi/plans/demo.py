"""Demo plans: the five seed plans imported through the same steps as the upload page.

Each seed file is staged (read and extracted by the engine), its unit names resolved with the
remembered mappings, names nobody could map left as follow-ups, and the import confirmed by the
office of its jurisdiction. The seeds ship in `fixtures/seeds/`; the shared reference copy next to the
repository is used when the packaged one is missing.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files import File

from fazhi.core.models import Unit, User
from fazhi.plans import services
from fazhi.plans.models import PlanItemUnit

PACKAGED_SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"

# (file prefix, jurisdiction, importing account, prefix of the upper plan it implements)
SEEDS = [
    ("000", "陕西省", "sx_office", None),
    ("001", "嘉善县", "js_office", None),
    ("002", "许昌市", "xc_office", None),
    ("003", "某市", "ms_office", None),
    ("004", "陇县", "lx_office", "000"),
]


def seed_dir() -> Path | None:
    for folder in (PACKAGED_SEEDS, Path(settings.REPO_DIR).parent / "shared" / "seeds"):
        if folder.is_dir() and any(folder.glob("*.txt")):
            return folder
    return None


def load(stdout) -> None:
    folder = seed_dir()
    if folder is None:
        stdout.write("未找到种子方案（fazhi/plans/fixtures/seeds/ 或 ../shared/seeds/），跳过方案导入")
        return
    confirmed = {}
    for prefix, region, username, upper in SEEDS:
        path = next(iter(sorted(folder.glob(f"{prefix}_*.txt"))), None)
        if path is None:
            stdout.write(f"  缺少种子方案 {prefix}_*.txt，跳过")
            continue
        jurisdiction = Unit.objects.get(name=region, kind=Unit.Kind.REGION)
        actor = User.objects.filter(username=username).first()
        with path.open("rb") as handle:
            staging = services.stage_upload(
                actor, jurisdiction=jurisdiction, upload=File(handle, name=path.name),
                upper_plan=confirmed.get(upper),
            )
        left = services.open_names(staging)
        for name in left:
            services.leave_unresolved(actor, staging, name)
        plan = services.confirm_import(actor, staging)
        confirmed[prefix] = plan
        units = PlanItemUnit.objects.filter(item__plan=plan).count()
        note = f"，待办名称 {len(left)} 个（{'、'.join(left)}）" if left else ""
        stdout.write(f"  {region}：{plan.title}（{plan.items.count()} 个条目，{units} 个单位{note}）")
    _suggest_alignment(stdout, confirmed)


def _suggest_alignment(stdout, confirmed: dict) -> None:
    """陇县's measures (004) against the 陕西 plan they implement (000): suggestions for staff to decide."""
    from fazhi.plans import align_services

    lower, upper = confirmed.get("004"), confirmed.get("000")
    if lower is None or upper is None:
        return
    actor = User.objects.filter(username="lx_office").first()
    result = align_services.suggest_alignments(actor, lower, upper)
    stdout.write(
        f"  上下级对接：{lower.jurisdiction.name} {result.items} 个条目 → {upper.jurisdiction.name}方案，"
        f"生成 {result.suggested} 条建议（待工作人员确认）"
    )
