"""Every write of the decision module: one function per business verb, each transactional and logged."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core import oplog
from fazhi.core.models import Unit
from fazhi.core.permissions import require, require_sees
from fazhi.decisions import catalogue as catalogue_flow
from fazhi.decisions import procedure_sets, workflow
from fazhi.decisions.capabilities import MANAGE_DECISIONS, UNDERTAKE_DECISIONS
from fazhi.decisions.models import (
    ALWAYS_REQUIRED,
    ATTACHMENT_SLOTS,
    RISK_MANDATORY_CATEGORIES,
    Catalogue,
    CatalogueEntry,
    Category,
    CounselParticipation,
    Decision,
    ExecutionRequirement,
    Expert,
    ExpertOpinion,
    Procedure,
    PublicComment,
    State,
)
from fazhi.workflow import engine
from fazhi.workflow.timelimits import jurisdiction_chain


def _require_any(actor, *capabilities: str) -> None:
    if actor is None or any(actor.is_superuser or actor.can(c) for c in capabilities):
        return
    require(actor, capabilities[0])


# ------------------------------------------------------------------------------------------- catalogue

@transaction.atomic
def create_catalogue(actor, *, body: Unit, year: int, publish_by: datetime.date | None = None) -> Catalogue:
    require(actor, MANAGE_DECISIONS)
    require_sees(actor, body)
    if not 2000 <= year <= 2100:
        raise ValidationError("年度应在2000至2100之间")
    if procedure_sets.body_type_of(body) is None:
        raise ValidationError("决策机关应为人民政府或者人民政府工作部门（县级以上人民政府部门和乡级人民政府参照执行，条例第四十二条）")
    if Catalogue.objects.filter(body=body, year=year).exists():
        raise ValidationError(f"{body.name}{year}年度的决策事项目录已经存在。")
    catalogue = Catalogue.objects.create(body=body, year=year, publish_by=publish_by)
    oplog.record(actor, "decision.catalogue.create", catalogue, after={"year": year, "publish_by": publish_by})
    return catalogue


def entry_procedures(procedures: list[str], category: str, market_related: bool,
                     required: Sequence[str] = ALWAYS_REQUIRED) -> list[str]:
    """The entry's procedures with those no entry may drop: what the body type's procedure setting requires
    (`procedure_sets`; by default legality review and collective discussion, arts. 25, 30), risk assessment of
    民生类 and 环保邻避类 matters (001 (十四)), fair-competition review of a matter touching market activity
    (art. 29 (一))."""
    wanted = set(procedures) | set(required)
    if category in RISK_MANDATORY_CATEGORIES:
        wanted.add(Procedure.RISK)
    if market_related:
        wanted.add(Procedure.FAIR_COMPETITION)
    unknown = wanted - set(Procedure.values)
    if unknown:
        raise ValidationError(f"未知的程序：{'、'.join(sorted(unknown))}")
    return [p for p in Procedure.values if p in wanted]


@transaction.atomic
def add_entry(actor, catalogue: Catalogue, *, title: str, lead_unit: Unit, category: str = "policy",
              planned: str = "", procedures: list[str] = (), market_related: bool = False, note: str = "") -> CatalogueEntry:
    require(actor, MANAGE_DECISIONS)
    catalogue = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
    require_sees(actor, catalogue.body)
    if catalogue.state != Catalogue.State.DRAFT:
        raise ValidationError("目录已报党委同意或已公布：请先“调整目录”，再增加事项。")
    if not title.strip():
        raise ValidationError("请填写决策事项")
    if category not in Category.values:
        raise ValidationError("决策事项类别无效")
    order = catalogue.entries.count() + 1
    entry = CatalogueEntry.objects.create(
        catalogue=catalogue, order=order, title=title.strip(), lead_unit=lead_unit, category=category,
        planned=planned, procedures=entry_procedures(list(procedures), category, market_related,
                                                     procedure_sets.required_for(catalogue.body)),
        market_related=market_related, note=note, added_in_version=catalogue.version + 1)
    oplog.record(actor, "decision.catalogue.entry_add", entry,
                 after={"title": entry.title, "lead_unit": lead_unit.name, "procedures": entry.procedures})
    return entry


@transaction.atomic
def withdraw_entry(actor, entry: CatalogueEntry, reason: str) -> CatalogueEntry:
    require(actor, MANAGE_DECISIONS)
    require_sees(actor, entry.catalogue.body)
    if entry.catalogue.state != Catalogue.State.DRAFT:
        raise ValidationError("目录已报党委同意或已公布：请先“调整目录”，再调出事项。")
    if not reason.strip():
        raise ValidationError("请填写调出理由")
    entry.withdrawn = True
    entry.save(update_fields=["withdrawn"])
    oplog.record(actor, "decision.catalogue.entry_withdraw", entry, reason=reason)
    return entry


def catalogue_transition(actor, catalogue: Catalogue, code: str, data: dict[str, Any] | None = None) -> Catalogue:
    return engine.run(actor, catalogue_flow.CATALOGUE, catalogue, code, data)


# -------------------------------------------------------------------------------------------- decisions

@transaction.atomic
def start_decision(actor, entry: CatalogueEntry, *, draft: str = "", started_on: datetime.date | None = None) -> Decision:
    """启动决策程序 (art. 11) for a published catalogue entry: the entry's 承办单位 and procedures carry over."""
    require(actor, MANAGE_DECISIONS)
    entry = CatalogueEntry.objects.select_related("catalogue__body").get(pk=entry.pk)
    catalogue = entry.catalogue
    require_sees(actor, catalogue.body)
    if entry.withdrawn or catalogue.version < entry.added_in_version:
        raise ValidationError("该事项不在已公布的决策事项目录中：目录（或其调整）经党委同意并公布后才能启动决策程序。")
    started_on = started_on or timezone.localdate()
    if started_on > timezone.localdate():
        raise ValidationError("启动日期不能晚于今天")
    decision = Decision.objects.create(
        title=entry.title, entry=entry, body=catalogue.body, lead_unit=entry.lead_unit, category=entry.category,
        market_related=entry.market_related, procedures=list(entry.procedures), draft=draft, started_on=started_on,
        created_by=actor if getattr(actor, "pk", None) else None)
    oplog.record(actor, "decision.start", decision, after=oplog.snapshot(decision, ["title", "procedures", "started_on"]))
    return decision


@transaction.atomic
def update_draft(actor, decision: Decision, draft: str) -> Decision:
    _require_any(actor, UNDERTAKE_DECISIONS, MANAGE_DECISIONS)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    require_sees(actor, decision.lead_unit)
    if decision.state != State.DRAFTING:
        raise ValidationError("只有草案拟订阶段可以修改决策草案。")
    before = {"draft": decision.draft}
    decision.draft = draft
    decision.save(update_fields=["draft"])
    oplog.record(actor, "decision.draft", decision, before=before, after={"draft": draft})
    return decision


def transition(actor, decision: Decision, code: str, data: dict[str, Any] | None = None) -> Decision:
    return engine.run(actor, workflow.DECISION, decision, code, data)


# -------------------------------------------------------------------------------------- public comments

@transaction.atomic
def submit_comment(decision: Decision, *, text: str, name: str = "", contact: str = "") -> PublicComment:
    """A visitor's comment on the portal's comment page, only while the period runs (art. 15)."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not decision.comment_open:
        raise ValidationError("该决策草案当前不在公开征求意见期内。")
    text = text.strip()
    if not text:
        raise ValidationError("请填写意见建议")
    if len(text) > 5000:
        raise ValidationError("意见建议不能超过5000字")
    comment = PublicComment.objects.create(decision=decision, text=text, name=name.strip()[:60],
                                           contact=contact.strip()[:100])
    oplog.record(None, "decision.comment.submit", comment, object_repr=f"“{decision.title}”的公众意见")
    return comment


@transaction.atomic
def handle_comment(actor, comment: PublicComment, *, handling: str, reply: str = "") -> PublicComment:
    _require_any(actor, UNDERTAKE_DECISIONS, MANAGE_DECISIONS)
    require_sees(actor, comment.decision.lead_unit)
    if handling not in dict(PublicComment.Handling.choices) or handling == PublicComment.Handling.PENDING:
        raise ValidationError("请选择采纳情况")
    if handling != PublicComment.Handling.ADOPTED and not reply.strip():
        raise ValidationError("未采纳或部分采纳的，请说明理由")
    before = {"handling": comment.handling, "reply": comment.reply}
    comment.handling, comment.reply = handling, reply.strip()
    comment.save(update_fields=["handling", "reply"])
    oplog.record(actor, "decision.comment.handle", comment, before=before, after={"handling": handling, "reply": reply})
    return comment


# ------------------------------------------------------------------------------------- experts, counsel

@transaction.atomic
def add_expert(actor, *, jurisdiction: Unit, name: str, field: str, organisation: str = "") -> Expert:
    require(actor, MANAGE_DECISIONS)
    require_sees(actor, jurisdiction)
    if not name.strip() or not field.strip():
        raise ValidationError("请填写专家姓名和专业领域")
    expert = Expert.objects.create(jurisdiction=jurisdiction, name=name.strip(), field=field.strip(),
                                   organisation=organisation.strip())
    oplog.record(actor, "decision.expert.add", expert, after={"name": expert.name, "field": expert.field})
    return expert


def experts_for(decision: Decision):
    """The pools a decision may draw on: its own jurisdiction's and those above it (art. 21)."""
    return Expert.objects.filter(active=True, jurisdiction__in=jurisdiction_chain(decision.body))


@transaction.atomic
def record_expert_opinion(actor, decision: Decision, *, expert: Expert, opinion: str, adoption: str = "",
                          given_on: datetime.date | None = None) -> ExpertOpinion:
    _require_any(actor, UNDERTAKE_DECISIONS, MANAGE_DECISIONS)
    require_sees(actor, decision.lead_unit)
    if decision.state != State.EXPERT:
        raise ValidationError("只有专家论证阶段可以记录论证意见。")
    if not experts_for(decision).filter(pk=expert.pk).exists():
        raise ValidationError("该专家不在本级或上级决策咨询论证专家库中（条例第二十一条）。")
    if not opinion.strip():
        raise ValidationError("请填写论证意见")
    found = ExpertOpinion.objects.create(decision=decision, round=decision.round, expert=expert, opinion=opinion.strip(),
                                         adoption=adoption.strip(), given_on=given_on or timezone.localdate())
    oplog.record(actor, "decision.expert.opinion", found, after={"expert": expert.name, "opinion": found.opinion})
    return found


@transaction.atomic
def record_counsel(actor, decision: Decision, *, procedure: str, kind: str, name: str, opinion: str = "",
                   on: datetime.date | None = None) -> CounselParticipation:
    """A 法律顾问 / 公职律师 took part in one of the decision's steps (for the participation rate)."""
    _require_any(actor, UNDERTAKE_DECISIONS, MANAGE_DECISIONS)
    require_sees(actor, decision.lead_unit)
    if procedure not in Procedure.values or kind not in CounselParticipation.Kind.values:
        raise ValidationError("请选择环节和身份")
    if not name.strip():
        raise ValidationError("请填写姓名")
    found = CounselParticipation.objects.create(decision=decision, procedure=procedure, kind=kind, name=name.strip(),
                                                opinion=opinion.strip(), on=on or timezone.localdate())
    oplog.record(actor, "decision.counsel.add", found, after={"procedure": procedure, "name": found.name})
    return found


# -------------------------------------------------------------------------------------------- execution

@transaction.atomic
def add_requirement(actor, decision: Decision, *, unit: Unit, requirement: str,
                    due_on: datetime.date) -> ExecutionRequirement:
    """决策执行单位 and what it must do by when (art. 34); during execution it goes on the ledger at once."""
    require(actor, MANAGE_DECISIONS)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    require_sees(actor, decision.lead_unit)
    if decision.state not in (State.DECIDED, State.PUBLISHED, State.EXECUTING):
        raise ValidationError("作出决定后才能明确执行单位和执行要求。")
    if not requirement.strip():
        raise ValidationError("请填写执行要求")
    if due_on < timezone.localdate():
        raise ValidationError("完成时限不能早于今天")
    found = ExecutionRequirement.objects.create(decision=decision, unit=unit, requirement=requirement.strip(),
                                                due_on=due_on)
    if decision.state == State.EXECUTING:
        from fazhi.decisions.execution import put_on_ledger

        put_on_ledger(decision)
    oplog.record(actor, "decision.requirement.add", found,
                 after={"unit": unit.name, "requirement": found.requirement, "due_on": due_on})
    return found


# ------------------------------------------------------------------------------------------ attachments

@transaction.atomic
def attach(actor, decision: Decision, *, slot: str, files=(), links=(), title: str = "") -> int:
    """Attach files and links to one slot of the decision's file (the kernel's one attachment model)."""
    from fazhi.core.attachments import attach_file, attach_link

    _require_any(actor, UNDERTAKE_DECISIONS, MANAGE_DECISIONS)
    require_sees(actor, decision.lead_unit)
    if slot not in ATTACHMENT_SLOTS:
        raise ValidationError("请选择材料类别")
    links = [link for link in links if link.strip()]
    if not files and not links:
        raise ValidationError("请选择文件或填写链接")
    for upload in files:
        attach_file(actor, decision, upload, slot=slot, title=title, what=ATTACHMENT_SLOTS[slot], log=False)
    for link in links:
        attach_link(actor, decision, link, slot=slot, title=title, log=False)
    oplog.record(actor, "decision.attachment.add", decision,
                 after={"slot": ATTACHMENT_SLOTS[slot], "files": [f.name for f in files], "links": links})
    return len(files) + len(links)


@transaction.atomic
def detach(actor, decision: Decision, attachment) -> None:
    from fazhi.core.attachments import remove_attachment

    _require_any(actor, UNDERTAKE_DECISIONS, MANAGE_DECISIONS)
    require_sees(actor, decision.lead_unit)
    if decision.state not in (State.DRAFTING, State.COMMENT, State.HEARING, State.EXPERT, State.RISK, State.REVIEW,
                              State.REVIEWED, State.DECIDED):
        raise ValidationError("决策已公布，档案材料不能删除。")
    remove_attachment(actor, attachment, log=False)
    oplog.record(actor, "decision.attachment.remove", decision, before={"name": str(attachment)})
