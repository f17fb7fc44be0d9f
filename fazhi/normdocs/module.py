"""Normative documents (行政规范性文件): the worked example of a module (docs/modules.md)."""

from django.urls import reverse

from fazhi.core import capabilities as cap
from fazhi.core.modules import Indicator, Module, PortalSection
from fazhi.core.todo import Todo
from fazhi.normdocs import filings, suggestions, workflow
from fazhi.normdocs.menu import MENU
from fazhi.normdocs.models import (
    PUBLIC_STATES,
    CleanupDecision,
    ExpiryEvaluationConclusion,
    FairCompetitionConclusion,
    NormativeDocument,
    RelationKind,
    State,
)
from fazhi.portal.catalogue import Catalogue, Column, unit_filter, year_filter

# The public list of published documents, by year and issuer; each links to the document's portal page.
CATALOGUE = Catalogue(
    "normdocs", "规范性文件目录", title="title",
    published=lambda: NormativeDocument.objects.filter(state__in=PUBLIC_STATES).select_related("issuer"),
    columns=(Column("文号", "doc_number"), Column("制定机关", "issuer.name"), Column("发布日期", "published_on")),
    filters=(year_filter("published_on", "发布年度"), unit_filter("issuer", "制定机关")),
    ordering=("-published_on", "-id"),
    detail_url=lambda doc: reverse("portal:document", args=[doc.portal_ref()]),
)


def _scan_expiring_documents(today):
    from fazhi.normdocs.services import scan_expiring_documents

    return scan_expiring_documents(today)


def _rates(*args, **kwargs):
    from fazhi.normdocs.rates import normdoc_rates

    return normdoc_rates(*args, **kwargs)


def _waiting_in(state: str):
    """Documents in `state` within the user's scope: the reviewers' 待办."""
    def items(user):
        return NormativeDocument.objects.for_user(user).filter(state=state)
    return items


def _filings_to_review(user):
    return filings.open_filings_for_review(user)


def _suggestions_to_answer(user):
    from fazhi.normdocs.filing_models import ReviewSuggestion, SuggestionState

    return ReviewSuggestion.objects.for_user(user).filter(state=SuggestionState.RECEIVED)


# The office holds both review and registration, so the links open the registration list on the state.
TODO = (
    Todo("normdocs.legality_review", "待合法性审核的文件", "normdocs:list", cap.REVIEW_NORMDOCS,
         _waiting_in(State.LEGALITY_REVIEW), "?state=legality_review"),
    # Filings wait for the recipient's 司法局 (registration, review, follow-up), never for the filer.
    Todo("normdocs.filing_review", "待登记或审查的备案", "normdocs:filing_queue", cap.REVIEW_FILINGS,
         _filings_to_review),
    Todo("normdocs.suggestion", "待答复的审查建议", "normdocs:suggestion_list", cap.REVIEW_FILINGS,
         _suggestions_to_answer),
)

MODULE = Module(
    app="normdocs",
    label="行政规范性文件",
    capabilities={
        cap.MANAGE_NORMDOCS: "规范性文件登记、备案与清理",
        cap.REVIEW_NORMDOCS: "规范性文件合法性审核与备案审查",
        cap.DRAFT_NORMDOCS: "起草规范性文件",
        cap.REVIEW_FILINGS: "规范性文件备案登记与备案审查（备案审查机关）、办理审查建议",
    },
    grants={"office": (cap.MANAGE_NORMDOCS, cap.REVIEW_NORMDOCS, cap.REVIEW_FILINGS),
            "reporter": (cap.DRAFT_NORMDOCS,)},
    menu=tuple(MENU),
    todo=TODO,
    workflows=(workflow.NORMDOC, filings.FILING, suggestions.SUGGESTION),
    time_limits=(*workflow.TIME_LIMITS, *filings.TIME_LIMITS),
    scans=(_scan_expiring_documents,),
    indicators=(Indicator("normdocs.rates", "合法性审核率、报备率、报备及时率、报备规范率、备案纠错率", _rates),),
    portal_sections=(PortalSection("规范性文件查询", "portal:search"), CATALOGUE,
                     PortalSection("清理结果", "portal:cleanup_list"), PortalSection("提出审查建议", "portal:suggest")),
    actions={
        "normdoc.create": "新建规范性文件草稿", "normdoc.update_draft": "修改草稿", "normdoc.amend": "登记修改后的新版本",
        "normdoc.relation.add": "添加文件关系", "normdoc.relation.remove": "删除文件关系",
        "normdoc.attachment.add": "上传附件", "normdoc.attachment.remove": "删除附件",
        "normdoc.numbering.set": "设置登记编号规则", "normdoc.import": "批量导入规范性文件",
        "normdoc.import.start": "开始批量导入",
        "normdoc.cleanup.create": "新建清理活动", "normdoc.cleanup.add": "清理活动增加文件",
        "normdoc.cleanup.decide": "作出清理结论", "normdoc.cleanup.publish": "公布清理结果",
        "normdoc.fair_competition.record": "记录公平竞争审查结论",
        "normdoc.expiry.evaluation_created": "生成有效期届满评估任务", "normdoc.expiry.conclude": "作出有效期届满评估结论",
    },
    field_labels={
        "doc_number": "文号", "issuer": "制定机关", "doc_type": "文件类型", "market_related": "涉及市场主体",
        "registration_number": "统一登记编号", "written_on": "成文日期", "published_on": "发布日期",
        "effective_on": "施行日期", "repealed_on": "废止日期",
        "consultation_start": "征求意见开始", "consultation_end": "征求意见截止", "review_started_on": "送审日期",
        "review_due_on": "审核期限", "filing_due_on": "报备期限", "filed_on": "报备日期",
        "decision": "清理结论", "campaign": "清理活动", "documents": "文件", "repealed": "废止的文件",
        "version": "版本", "version_date": "版本日期", "change_note": "修改说明", "amended_by": "修改决定",
        "attachment": "附件", "size": "大小（字节）", "target": "对象文件", "law": "上位法", "article": "条款",
        "template": "编号规则", "valid_until": "有效期至", "fair_competition_conclusion": "公平竞争审查结论",
        "fair_competition_reviewed_on": "公平竞争审查日期", "conclusion": "结论", "reviewed_on": "审查日期",
        "evaluation": "评估任务",
    },
    value_labels={
        "decision": dict(CleanupDecision.choices), "kind": dict(RelationKind.choices),
        "fair_competition_conclusion": dict(FairCompetitionConclusion.choices),
        # A record's "conclusion": 公平竞争审查 or 有效期届满评估 (their codes do not overlap).
        "conclusion": {**dict(FairCompetitionConclusion.choices), **dict(ExpiryEvaluationConclusion.choices)},
    },
    references={
        "normdoc.cleanup.create": {"documents": "normdocs.NormativeDocument"},
        "normdoc.cleanup.add": {"documents": "normdocs.NormativeDocument"},
        "normdoc.cleanup.decide": {"campaign": "normdocs.CleanupCampaign"},
        "normdoc.cleanup.publish": {"repealed": "normdocs.NormativeDocument"},
        "normdoc.import": {"documents": "normdocs.NormativeDocument"},
        "normdoc.attachment.add": {"attachment": "core.Attachment"},
        "normdoc.attachment.remove": {"attachment": "core.Attachment"},
        "normdoc.expiry.evaluation_created": {"evaluation": "normdocs.ExpiryEvaluation"},
        "normdoc.expiry.conclude": {"evaluation": "normdocs.ExpiryEvaluation"},
    },
)
