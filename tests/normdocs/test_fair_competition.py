"""Issue #12 point 9: no 集体审议 of a document affecting market activity without a 公平竞争审查 conclusion."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fazhi.core.models import OperationLog
from fazhi.normdocs import services
from fazhi.normdocs.models import FairCompetitionConclusion, State

D = datetime.date
PASS = {"on": D(2024, 4, 29), "reason": "经审查，合法。"}  # review sent 2024-04-08 (start + 35): 5 WD ran by 04-15


def reviewed(make_doc, walk, market=True):
    """A document whose 合法性审核 passed, ready for 集体审议 (on or after 2024-04-29)."""
    doc = walk(make_doc(title="测试县招商引资优惠办法", market=market), State.LEGALITY_REVIEW)
    return services.transition(None, doc, "pass_legality_review", PASS)


def refusal(doc, data) -> str:
    with pytest.raises(ValidationError) as info:
        services.transition(None, doc, "submit_deliberation", data)
    return "；".join(info.value.messages)


def test_no_deliberation_without_a_conclusion(make_doc, walk):
    doc = reviewed(make_doc, walk)
    message = refusal(doc, {"on": D(2024, 5, 6)})
    assert "尚未记录公平竞争审查结论" in message and "公平竞争审查条例第十八条" in message
    assert doc.transitions.filter(action="submit_deliberation").count() == 0


def test_a_restricting_conclusion_blocks_and_a_passing_one_opens(make_doc, walk):
    doc = reviewed(make_doc, walk)
    services.record_fair_competition_review(None, doc, conclusion=FairCompetitionConclusion.RESTRICTS,
                                            reviewed_on=D(2024, 5, 2), note="第三条限定本地企业参与，排除外地经营者。")
    assert "不得出台" in refusal(doc, {"on": D(2024, 5, 6)})
    services.record_fair_competition_review(None, doc, conclusion=FairCompetitionConclusion.NO_EFFECT,
                                            reviewed_on=D(2024, 5, 6), note="")
    # Reviewed on 05-06: deliberation cannot be put on 05-03, before the review.
    assert "晚于提请集体审议的日期2024年5月3日" in refusal(doc, {"on": D(2024, 5, 3)})
    doc = services.transition(None, doc, "submit_deliberation", {"on": D(2024, 5, 6)})
    assert doc.state == State.DELIBERATION
    assert OperationLog.objects.filter(action="normdoc.fair_competition.record").count() == 2


def test_a_document_not_marked_market_related_needs_none(make_doc, walk):
    doc = services.transition(None, reviewed(make_doc, walk, market=False), "submit_deliberation", {"on": D(2024, 5, 6)})
    assert doc.state == State.DELIBERATION


def test_recording_refusals(make_doc, walk):
    doc = reviewed(make_doc, walk)
    with pytest.raises(ValidationError, match="须详细说明"):  # 条例 art. 17 ¶2: an exception is explained
        services.record_fair_competition_review(None, doc, conclusion=FairCompetitionConclusion.EXCEPTION,
                                                reviewed_on=D(2024, 5, 2), note="")
    with pytest.raises(ValidationError, match="请选择公平竞争审查结论"):
        services.record_fair_competition_review(None, doc, conclusion="fine", reviewed_on=D(2024, 5, 2))
    services.record_fair_competition_review(None, doc, conclusion=FairCompetitionConclusion.NO_EFFECT,
                                            reviewed_on=D(2024, 5, 2))
    doc = services.transition(None, doc, "submit_deliberation", {"on": D(2024, 5, 6)})
    with pytest.raises(ValidationError, match="提请集体审议之前开展"):
        services.record_fair_competition_review(None, doc, conclusion=FairCompetitionConclusion.NO_EFFECT,
                                                reviewed_on=D(2024, 5, 7))


def test_recorded_from_the_document_page(make_doc, walk, login, users):
    doc = reviewed(make_doc, walk)
    client = login(users.office)
    page = client.get(reverse("normdocs:detail", args=[doc.pk])).content.decode()
    assert "公平竞争审查" in page and "尚未记录审查结论" in page
    response = client.post(reverse("normdocs:fair_competition", args=[doc.pk]),
                           {"conclusion": "exception", "reviewed_on": "2024-05-02",
                            "note": "为实现节约能源的社会公共利益（第十二条第三项），实施期限二年。"})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert (doc.fair_competition_conclusion, doc.fair_competition_reviewed_on) == ("exception", D(2024, 5, 2))
    page = client.get(reverse("normdocs:detail", args=[doc.pk])).content.decode()
    assert "具有排除、限制竞争效果，但符合例外规定" in page
