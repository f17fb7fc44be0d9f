"""Which procedures a deciding body's catalogue entries require, by body type and jurisdiction.

The 条例 binds 县级以上地方人民政府 (第二条); 县级以上人民政府部门 and 乡级人民政府 follow it by reference (第四十二条),
and each province sets the concrete rules for its region (第四十三条). So an office sets, for its jurisdiction, the
procedures each body type's entries require; a province's setting applies below it unless a city or county sets
its own (the nearest wins, as with time limits). Without a setting the statutory floor applies: 合法性审查 and
集体讨论决定, which the 条例 asks of every decision without exception (第二十五条、第三十条); the others depend on
the matter (公众参与 第十四条 except matters not to be disclosed, 听证 第十六条, 专家论证 第十九条, 风险评估
第二十二条) and are ticked per entry. A government's setting cannot drop the statutory floor; a department's or
township's may (参照执行, as the province decides).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core import oplog
from fazhi.core.models import Unit
from fazhi.core.permissions import require_jurisdiction_holder
from fazhi.decisions.capabilities import MANAGE_DECISIONS
from fazhi.decisions.models import ALWAYS_REQUIRED, BodyType, Procedure, ProcedureSet
from fazhi.workflow.timelimits import jurisdiction_chain

STATUTORY_NOTE = "重大行政决策程序暂行条例第二十五条、第三十条（合法性审查、集体讨论决定）；部门和乡级人民政府参照执行（第四十二条）"
WHAT = "决策程序设置"


def body_type_of(body: Unit) -> str | None:
    """The body type of a deciding body; None for a unit that is neither a government nor a department."""
    if body.kind == Unit.Kind.GOVERNMENT:
        return BodyType.TOWNSHIP if body.level == "town" else BodyType.GOVERNMENT
    if body.kind == Unit.Kind.DEPARTMENT:
        return BodyType.DEPARTMENT
    return None


@dataclass(frozen=True)
class InForce:
    body_type: str
    procedures: list[str]
    origin: str  # "own" | "inherited" | "default"
    holder: Unit | None = None
    note: str = STATUTORY_NOTE

    @property
    def origin_label(self) -> str:
        if self.origin == "own":
            return "本级设置"
        return f"沿用{self.holder.name}的设置" if self.origin == "inherited" else "法定默认"

    @property
    def body_type_label(self) -> str:
        return BodyType(self.body_type).label

    @property
    def labels(self) -> list[str]:
        return [Procedure(p).label for p in self.procedures]


def in_force(body_type: str, unit: Unit) -> InForce:
    """The setting that applies to a body of `body_type` in `unit`'s jurisdiction, and where it comes from."""
    chain = jurisdiction_chain(unit)
    rows = {r.jurisdiction_id: r for r in ProcedureSet.objects.filter(body_type=body_type,
                                                                      jurisdiction__in=chain)}
    own = unit.jurisdiction().pk
    for holder in chain:
        row = rows.get(holder.pk)
        if row is not None:
            return InForce(body_type, list(row.procedures), "own" if holder.pk == own else "inherited", holder, row.note)
    return InForce(body_type, [p.value for p in ALWAYS_REQUIRED], "default")


def required_for(body: Unit) -> list[str]:
    """The procedures every catalogue entry of `body` requires."""
    body_type = body_type_of(body)
    return in_force(body_type, body).procedures if body_type else [p.value for p in ALWAYS_REQUIRED]


@transaction.atomic
def set_procedures(actor, jurisdiction: Unit, body_type: str, procedures: list[str], note: str) -> ProcedureSet:
    """Set, for one jurisdiction and body type, the procedures its catalogue entries require."""
    require_jurisdiction_holder(actor, MANAGE_DECISIONS, jurisdiction, WHAT)
    if body_type not in BodyType.values:
        raise ValidationError("决策机关类型无效")
    unknown = set(procedures) - set(Procedure.values)
    if unknown:
        raise ValidationError(f"未知的程序：{'、'.join(sorted(unknown))}")
    dropped = [p for p in ALWAYS_REQUIRED if p not in procedures]
    if body_type == BodyType.GOVERNMENT and dropped:
        raise ValidationError(f"县级以上地方人民政府的重大行政决策必须履行{'、'.join(Procedure(p).label for p in dropped)}"
                              "（重大行政决策程序暂行条例第二十五条、第三十条），不能从程序设置中去掉。")
    note = (note or "").strip()
    if not note:
        raise ValidationError("请填写依据：本地重大行政决策程序规定的名称和条款")
    if len(note) > 300:
        raise ValidationError("依据不能超过 300 个字")
    before = in_force(body_type, jurisdiction)
    ordered = [p for p in Procedure.values if p in procedures]
    row, _ = ProcedureSet.objects.update_or_create(
        jurisdiction=jurisdiction, body_type=body_type,
        defaults={"procedures": ordered, "note": note, "updated_by": actor if getattr(actor, "pk", None) else None})
    oplog.record(actor, "decision.procedure_set", row, before={"procedures": before.labels},
                 after={"procedures": [Procedure(p).label for p in ordered], "jurisdiction": jurisdiction.name})
    return row


@transaction.atomic
def reset_procedures(actor, jurisdiction: Unit, body_type: str) -> None:
    """Drop the jurisdiction's own setting: the region above's (or the statutory default) applies again."""
    require_jurisdiction_holder(actor, MANAGE_DECISIONS, jurisdiction, WHAT)
    row = ProcedureSet.objects.filter(jurisdiction=jurisdiction, body_type=body_type).first()
    if row is None:
        raise ValidationError(f"{jurisdiction.name}没有本级的{WHAT}")
    oplog.record(actor, "decision.procedure_set.reset", row, before={"procedures": row.procedures})
    row.delete()
