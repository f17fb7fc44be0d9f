"""The lifecycle: the happy path, and every gate's refusal with its reason in Chinese."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.models import OperationLog
from fazhi.normdocs import filings, services
from fazhi.normdocs.models import Review, State

D = datetime.date


def refusal(doc, code, data, actor=None) -> str:
    with pytest.raises(ValidationError) as info:
        services.transition(actor, doc, code, data)
    return "；".join(info.value.messages)


def test_happy_path_writes_one_log_row_per_step(make_doc, scheme, users, org):
    # 发改局's document: filed with 测试县人民政府, whose 司法局 (the office) registers and reviews it.
    doc = make_doc(issuer=org.reform)
    steps = [
        ("start_consultation", {"on": D(2024, 3, 4), "consultation_end": D(2024, 3, 15)}, State.CONSULTATION, users.office),
        ("submit_legality_review", {"on": D(2024, 3, 15)}, State.LEGALITY_REVIEW, users.office),
        ("pass_legality_review", {"on": D(2024, 3, 22), "reason": "合法"}, State.LEGALITY_REVIEW, users.office),
        ("submit_deliberation", {"on": D(2024, 3, 25)}, State.DELIBERATION, users.office),
        ("sign", {"on": D(2024, 3, 26), "meeting": "县政府常务会议", "signer": "县长"}, State.SIGNED, users.office),
        ("register", {"on": D(2024, 3, 27)}, State.REGISTERED, users.office),
        ("publish", {"on": D(2024, 3, 28), "doc_number": "测政发〔2024〕1号"}, State.PUBLISHED, users.office),
        ("file_for_record", {"on": D(2024, 4, 10)}, State.FILED, users.reporter),
    ]
    for code, data, state, actor in steps:
        doc = services.transition(actor, doc, code, data)
        assert doc.state == state, code
    filing = doc.filings.get()
    filing_steps = [
        ("register", {"on": D(2024, 4, 11)}, State.FILING_REVIEW, users.office),
        ("require_correction", {"on": D(2024, 4, 20), "reason": "第二条不当"}, State.CORRECTING, users.office),
        ("report_correction", {"on": D(2024, 4, 25), "reason": "已修改第二条", "corrected_text": "第一条 新文本"},
         State.FILING_REVIEW, users.reporter),
        ("approve", {"on": D(2024, 5, 6), "reason": "准予备案"}, State.RECORDED, users.office),
    ]
    for code, data, state, actor in filing_steps:
        filings.transition(actor, filing, code, data)
        doc.refresh_from_db()
        assert doc.state == state, code
    assert doc.registration_number == "测司规〔2024〕1号"
    assert doc.published_on == D(2024, 3, 28) and doc.effective_on == D(2024, 3, 28)
    # 30 natural days end on Saturday 2024-04-27, a rest day: rolled over to Sunday 04-28, a 调休 working day.
    assert doc.filing_due_on == D(2024, 4, 28)
    assert doc.filed_on == D(2024, 4, 10)
    # The document's log (the kernel's one transition log): its own 8 steps, and the 4 moves its filing caused.
    logs = doc.transitions.all()
    assert list(logs.values_list("to_state", flat=True)) == [s[2] for s in steps + filing_steps]
    assert OperationLog.objects.filter(object_type="normdocs.normativedocument", object_id=str(doc.pk),
                                       action__startswith="normdoc.").exclude(action="normdoc.create").count() == len(steps)
    # The filing's log: 报送 (from file_for_record) and its 4 steps, each in the operation log too.
    assert list(filing.transitions.values_list("action", flat=True)) == ["send"] + [s[0] for s in filing_steps]
    assert OperationLog.objects.filter(object_type="normdocs.filing", object_id=str(filing.pk)).count() == 5
    assert doc.versions.count() == 2 and doc.current_version().text == "第一条 新文本"
    assert list(Review.objects.filter(document=doc).values_list("kind", "outcome")) == [("legality", "passed")]


def test_consultation_needs_seven_working_days(make_doc):
    doc = make_doc()
    # 2024-03-04 (Mon) + 7 working days = 2024-03-13 (Wed).
    message = refusal(doc, "start_consultation", {"on": D(2024, 3, 4), "consultation_end": D(2024, 3, 12)})
    assert "征求意见期限不足" in message and "7个工作日" in message and "2024年3月13日" in message
    doc = services.transition(None, doc, "start_consultation", {"on": D(2024, 3, 4), "consultation_end": D(2024, 3, 13)})
    assert doc.state == State.CONSULTATION


def test_consultation_for_market_related_documents_needs_thirty_days(make_doc):
    doc = make_doc(market=True)
    message = refusal(doc, "start_consultation", {"on": D(2024, 3, 4), "consultation_end": D(2024, 3, 20)})
    assert "与市场主体生产经营活动密切相关" in message and "30日" in message and "2024年4月3日" in message
    services.transition(None, doc, "start_consultation", {"on": D(2024, 3, 4), "consultation_end": D(2024, 4, 3)})


def test_consultation_cannot_close_before_its_announced_end(make_doc):
    doc = make_doc()
    doc = services.transition(None, doc, "start_consultation", {"on": D(2024, 3, 4), "consultation_end": D(2024, 3, 20)})
    message = refusal(doc, "submit_legality_review", {"on": D(2024, 3, 14)})
    assert "征求意见尚未截止" in message


def test_consultation_rule_is_configurable(make_doc):
    services.set_rule(None, "normdoc.consultation_min", count=10, unit="ND", roll_over=False)
    doc = make_doc()
    message = refusal(doc, "start_consultation", {"on": D(2024, 3, 4), "consultation_end": D(2024, 3, 13)})
    assert "不少于10日" in message
    services.reset_rule(None, "normdoc.consultation_min")
    services.transition(None, doc, "start_consultation", {"on": D(2024, 3, 4), "consultation_end": D(2024, 3, 13)})


def test_no_deliberation_without_a_legality_opinion(make_doc, walk):
    doc = walk(make_doc(), State.LEGALITY_REVIEW)
    message = refusal(doc, "submit_deliberation", {"on": D(2024, 4, 30)})
    assert "尚未出具合法性审核意见" in message and "不得提交集体审议" in message


def test_a_failed_legality_review_goes_back_to_drafting_and_blocks_deliberation(make_doc, walk):
    doc = walk(make_doc(), State.LEGALITY_REVIEW)
    doc = services.transition(None, doc, "fail_legality_review", {"on": D(2024, 4, 30), "reason": "第二条设定了行政许可"})
    assert doc.state == State.DRAFTING
    # Re-submitted without a new review, the old failed opinion still blocks 集体审议.
    doc = services.transition(None, doc, "start_consultation", {"on": D(2024, 5, 6), "consultation_end": D(2024, 5, 15)})
    doc = services.transition(None, doc, "submit_legality_review", {"on": D(2024, 5, 15)})
    message = refusal(doc, "submit_deliberation", {"on": D(2024, 5, 16)})
    assert "尚未出具合法性审核意见" in message


def test_a_failed_opinion_in_the_current_round_is_named(make_doc, walk):
    from fazhi.normdocs.models import Review, ReviewKind, ReviewOutcome

    doc = walk(make_doc(), State.LEGALITY_REVIEW)
    Review.objects.create(document=doc, kind=ReviewKind.LEGALITY, outcome=ReviewOutcome.FAILED, opinion="不合法",
                          decided_on=D(2024, 4, 30))
    message = refusal(doc, "submit_deliberation", {"on": D(2024, 4, 30)})
    assert "不通过" in message and "不得提交集体审议" in message


def test_only_one_opinion_per_review_round(make_doc, walk):
    doc = walk(make_doc(), State.LEGALITY_REVIEW)
    services.transition(None, doc, "pass_legality_review", {"on": D(2024, 4, 30), "reason": "合法"})
    assert "已出具意见" in refusal(doc, "fail_legality_review", {"on": D(2024, 4, 30), "reason": "x"})


def test_registration_needs_a_numbering_scheme(make_doc, org):
    from fazhi.normdocs.demo import walk as demo_walk

    doc = demo_walk(make_doc(), State.SIGNED, D(2024, 3, 4))
    assert doc.state == State.SIGNED
    message = refusal(doc, "register", {"on": D(2024, 5, 8)})
    assert "尚未为“测试县司法局”或其上级单位设置统一登记编号规则" in message


def test_publication_needs_a_document_number_and_sane_dates(make_doc, walk):
    doc = walk(make_doc(doc_number=""), State.REGISTERED)
    message = refusal(doc, "publish", {"on": D(2024, 5, 9), "effective_on": D(2024, 5, 1), "valid_until": D(2024, 4, 1)})
    assert "请填写文号" in message and "施行日期不能早于发布日期" in message and "有效期至不能早于施行日期" in message


def test_wrong_state_missing_fields_and_bad_dates_are_refused(make_doc, users):
    doc = make_doc()
    assert "不能执行“报送备案”" in refusal(doc, "file_for_record", {})
    assert "请填写征求意见截止日期" in refusal(doc, "start_consultation", {"on": "2024-03-04"})
    assert "不是有效日期" in refusal(doc, "start_consultation", {"on": "2024-13-01", "consultation_end": "x"})
    assert "不能晚于今天" in refusal(doc, "start_consultation", {"on": "2999-01-01", "consultation_end": "2999-02-01"})
    assert "未知的操作" in refusal(doc, "delete_everything", {})


def test_steps_cannot_be_dated_before_the_previous_one(make_doc, walk):
    doc = walk(make_doc(), State.CONSULTATION)
    message = refusal(doc, "return_to_drafting", {"on": D(2024, 1, 1), "reason": "撤回"})
    assert message == "办理日期2024年1月1日早于上一步“公开征求意见”的日期2024年3月4日，各步骤的办理日期不能早于前一步。"


def test_capabilities_are_checked_per_transition(make_doc, walk, users):
    doc = walk(make_doc(issuer=users.reporter.unit), State.LEGALITY_REVIEW)
    # A drafting unit may not give its own legality opinion, nor register or publish: 403, not a data refusal.
    with pytest.raises(PermissionDenied, match="没有执行“审核通过”的权限"):
        services.transition(users.reporter, doc, "pass_legality_review", {"on": D(2024, 4, 30), "reason": "合法"})
    # The drafter withdraws it: allowed.
    doc = services.transition(users.reporter, doc, "return_to_drafting", {"on": D(2024, 4, 30), "reason": "撤回修改"})
    assert doc.state == State.DRAFTING


def test_a_refused_transition_changes_nothing(make_doc):
    doc = make_doc()
    refusal(doc, "start_consultation", {"on": D(2024, 3, 4), "consultation_end": D(2024, 3, 5)})
    doc.refresh_from_db()
    assert doc.state == State.DRAFTING and doc.consultation_start is None
    assert not doc.transitions.exists()


def test_drafts_can_be_edited_only_while_drafting(make_doc, walk):
    doc = make_doc()
    services.update_draft(None, doc, title="新标题", text="新正文")
    doc.refresh_from_db()
    assert doc.title == "新标题" and doc.current_version().text == "新正文"
    doc = walk(doc, State.CONSULTATION)
    with pytest.raises(ValidationError, match="只有起草阶段"):
        services.update_draft(None, doc, title="再改")
