"""审查建议: a citizen or an enterprise asks for a published document to be reviewed.

法规规章备案审查条例（2024）第十二条 lets anyone submit a written 审查建议 to the reviewing body, which
studies it and proposes how to handle it; the provinces' rules for normative documents do the same for
行政规范性文件. No national text sets a reply period, so the reply clock counts the office-editable rule
`normdoc.suggestion_reply`, whose source says so (`fazhi.normdocs.filings.TIME_LIMITS`).

The form is public and anonymous: a submission is acknowledged with a reference, routed to the body that
reviews the document's filing (the recipient government's 司法行政部门), and throttled per address.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fazhi.core import capabilities as cap
from fazhi.normdocs.filing_models import ReviewSuggestion, SuggestionState
from fazhi.normdocs.filings import SUGGESTION_REPLY, WARN
from fazhi.normdocs.models import NormativeDocument
from fazhi.normdocs.recipients import justice_of, recipients_for
from fazhi.workflow import engine
from fazhi.workflow.engine import ClockSpec, Step, Transition, Workflow

# At most this many suggestions from one address in an hour (the form needs no account).
PER_ADDRESS_PER_HOUR = getattr(settings, "FAZHI_SUGGESTIONS_PER_HOUR", 5)


def routed_to(doc: NormativeDocument):
    """The unit that handles a suggestion on `doc`: the reviewer of its filing with a government, else the
    司法局 of the issuer's own region (a provincial government's document, filed with 国务院)."""
    for recipient in recipients_for(doc):
        if recipient.reviewer is not None:
            return recipient.reviewer
    return justice_of(doc.issuer.jurisdiction()) or doc.issuer


def _client_key(ip: str | None) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip or '未知'}".encode()).hexdigest()


def _new_reference(on: datetime.date) -> str:
    while True:
        reference = f"SCJY{on:%Y%m%d}{secrets.randbelow(10**6):06d}"
        if not ReviewSuggestion.objects.filter(reference=reference).exists():
            return reference


def throttle_refusal(ip: str | None, now: datetime.datetime | None = None) -> str | None:
    now = now or timezone.now()
    recent = ReviewSuggestion.objects.filter(client_key=_client_key(ip),
                                             created_at__gte=now - datetime.timedelta(hours=1)).count()
    if recent >= PER_ADDRESS_PER_HOUR:
        return f"同一网络地址一小时内最多提交{PER_ADDRESS_PER_HOUR}件审查建议，请稍后再试。"
    return None


@transaction.atomic
def submit_suggestion(doc: NormativeDocument, *, name: str, contact: str, content: str, organisation: str = "",
                      ip: str | None = None) -> ReviewSuggestion:
    """Receive a public 审查建议 on a published document: a reference, the routing and the reply clock."""
    if not doc.is_public:
        raise ValidationError("只能对已公开发布的文件提出审查建议。")
    if refusal := throttle_refusal(ip):
        raise ValidationError(refusal)
    today = timezone.localdate()
    suggestion = ReviewSuggestion.objects.create(
        reference=_new_reference(today), document=doc, reviewing_unit=routed_to(doc), name=name.strip(),
        organisation=organisation.strip(), contact=contact.strip(), content=content.strip(), received_on=today,
        client_key=_client_key(ip),
    )
    return engine.run(None, SUGGESTION, suggestion, "receive", {"on": today})


def reply(actor: Any, suggestion: ReviewSuggestion, text: str, on: datetime.date | None = None) -> ReviewSuggestion:
    """The reviewing body's reply to a suggestion (stops the reply clock)."""
    return engine.run(actor, SUGGESTION, suggestion, "reply", {"reason": text, "on": on})


def _effect_receive(suggestion: ReviewSuggestion, step: Step) -> None:
    suggestion.reply_due_on = step.clocks["reply"].due_on


def _effect_reply(suggestion: ReviewSuggestion, step: Step) -> None:
    suggestion.reply, suggestion.replied_on = step.data["reason"], step.on
    suggestion.replied_by = step.actor if getattr(step.actor, "pk", None) else None


SUGGESTION = Workflow(
    name="normdoc_suggestion",
    label="审查建议",
    model=ReviewSuggestion,
    transitions={
        "receive": Transition("receive", "收到审查建议", frozenset({SuggestionState.RECEIVED}), SuggestionState.RECEIVED,
                              (cap.REVIEW_FILINGS,), clock=("reply.start",), effect=_effect_receive),
        "reply": Transition("reply", "答复审查建议", frozenset({SuggestionState.RECEIVED}), SuggestionState.REPLIED,
                            (cap.REVIEW_FILINGS,), clock=("reply.stop",), effect=_effect_reply,
                            reason_label="答复意见", reason_required=True),
    },
    unit_of=lambda suggestion: suggestion.reviewing_unit,
    clocks={"reply": ClockSpec("审查建议答复", SUGGESTION_REPLY, action="答复审查建议", warn_rule=WARN,
                               notify=(cap.REVIEW_FILINGS,))},
    describe=lambda s: f"审查建议{s.reference}（《{s.document.title}》）",
    link=lambda s: reverse("normdocs:suggestion_detail", args=[s.pk]),
    last_step=lambda s: ("收到审查建议", s.received_on),
    snapshot_fields=["state", "reply_due_on", "replied_on"],
    select_related=("document", "reviewing_unit"),
    action_prefix="normdoc.suggestion.",
)
