"""Decision materials on the portal (kernel attachments, public by slot): the draft and its 起草说明 once put out
for comment (条例第十五条), the 意见采纳情况 once published (第三十二条：说明公众意见的采纳情况), the decision's text once published (第三十二条)
and the post-evaluation report once an evaluation with a public summary is concluded; hearing records, expert and
risk reports, the review opinion and the minutes never. An anonymous visitor gets the public ones and is sent to
sign in for the others; the decision's portal page lists only the public ones."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.core.attachments import attachments_of
from fazhi.decisions import services
from tests.decisions.helpers import D, started
from tests.decisions.matrix_cases import _ago, decision_in
from tests.decisions.test_workflow import run


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _attach(decision, slot: str, name: str):
    upload = SimpleUploadedFile(name, b"%PDF-1.4\n%" + slot.encode() + b"\n", content_type="application/pdf")
    services.attach(None, decision, slot=slot, files=[upload])
    return attachments_of(decision, slot).get()


def _downloads(client, attachment) -> bool:
    """An anonymous download: True when the file comes back, False when sent to sign in."""
    response = client.get(reverse("core:attachment", args=[attachment.token]))
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_the_draft_and_the_adoption_go_public_with_the_comment_period(client, org, users):
    decision = started(org)
    draft, adoption = _attach(decision, "draft", "草案及起草说明.pdf"), _attach(decision, "adoption", "采纳情况.pdf")
    minutes, expert = _attach(decision, "minutes", "纪要.pdf"), _attach(decision, "expert", "论证意见.pdf")
    assert not _downloads(client, draft)  # still being drafted: internal

    # Out for comment from 08-10 to 09-09 (30 days: 08-11 is day 1, 09-09 day 30).
    decision = run(decision, "open_comment", users.reporter, on=D(2026, 8, 10), comment_end=D(2026, 9, 9))
    assert _downloads(client, draft)
    assert not _downloads(client, adoption) and not _downloads(client, minutes) and not _downloads(client, expert)
    page = client.get(reverse("decisions_public:decision", args=[decision.public_ref])).content.decode()
    assert "草案及起草说明.pdf" in page and "采纳情况.pdf" not in page and "纪要.pdf" not in page

    decision = run(decision, "close_comment", users.reporter, on=D(2026, 9, 10), adoption="采纳12条，未采纳3条并说明理由")
    assert _downloads(client, adoption) and _downloads(client, draft)
    assert not _downloads(client, minutes) and not _downloads(client, expert)


def test_the_decision_text_and_the_evaluation_report_go_public_when_they_are(client, org, users):
    decision = decision_in(org, "decided")  # 公众参与 began 110 days ago; decided 80 days later
    text, review = _attach(decision, "publication", "决定文本.pdf"), _attach(decision, "review", "审查意见书.pdf")
    report = _attach(decision, "evaluation", "后评估报告.pdf")
    assert not _downloads(client, text)  # decided, not yet published
    decision = run(decision, "report_party", None, on=_ago(29))
    decision = run(decision, "publish", None, on=_ago(28))
    assert _downloads(client, text) and not _downloads(client, review)
    services.add_requirement(None, decision, unit=org.reform, requirement="组织实施", due_on=_ago(-60))
    decision = run(decision, "start_execution", None, on=_ago(27))
    decision = run(decision, "start_evaluation", None, on=_ago(20), trigger="body", evaluator="县委党校")
    assert not _downloads(client, report)  # under way: nothing concluded
    decision = run(decision, "conclude_evaluation", None, on=_ago(10), findings="达到预期", conclusion="continue")
    assert _downloads(client, report) and not _downloads(client, review)
    page = client.get(reverse("decisions_public:decision", args=[decision.public_ref])).content.decode()
    assert "决定文本.pdf" in page and "后评估报告.pdf" in page and "审查意见书.pdf" not in page

    decision.evaluations.update(summary_public=False)  # the body keeps this evaluation's summary internal
    assert not _downloads(client, report)
