"""A major decision's gated procedure (《重大行政决策程序暂行条例》), through the engine.

Every expected date is derived by hand from the rule and the 2025/2026 holiday tables (国务院办公厅通知):
2026 国庆 10-01…10-07 off, Saturday 10-10 a working day; 2025 春节 01-28…02-04 off, Sunday 01-26 and
Saturday 02-08 working days.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.decisions import services
from fazhi.decisions.models import Decision
from fazhi.workflow.clocks import clock_of
from tests.decisions.helpers import D, started


def run(decision, code, actor=None, **data):
    return services.transition(actor, Decision.objects.get(pk=decision.pk), code, data)


def through_comment(decision, users):
    start, end = D(2026, 8, 3), D(2026, 9, 2)  # 30 days: 08-04 is day 1, 09-02 day 30
    decision = run(decision, "open_comment", users.reporter, on=start, comment_end=end)
    return run(decision, "close_comment", users.reporter, on=end, adoption="收到意见2条，采纳1条。")


# --------------------------------------------------------------------------------- 公众参与 (art. 15)

def test_comment_period_is_at_least_30_days_unless_the_notice_says_why(org, users):
    decision = started(org)
    # 30 days from 2026-09-01, the start day not counted: 09-02 is day 1, 09-30 day 29, 10-01 day 30. A minimum
    # period is complete on its 30th day even when that day is the 国庆 holiday (no roll-over), so 10-01.
    with pytest.raises(ValidationError, match="一般不少于30日.*最早于2026年10月1日届满，计划截止日期为2026年9月30日"):
        run(decision, "open_comment", users.reporter, on=D(2026, 9, 1), comment_end=D(2026, 9, 30))
    decision = run(decision, "open_comment", users.reporter, on=D(2026, 9, 1), comment_end=D(2026, 10, 1))
    assert (decision.state, decision.comment_end) == ("comment", D(2026, 10, 1))


def test_a_shorter_period_needs_its_reason_in_the_notice(org, users):
    decision = started(org)
    decision = run(decision, "open_comment", users.reporter, on=D(2026, 9, 1), comment_end=D(2026, 9, 15),
                   shortened="汛期前须出台，情况紧急")
    assert decision.comment_shortened == "汛期前须出台，情况紧急"


def test_comments_close_only_after_the_end_and_once_each_is_answered(org, users):
    decision = started(org)
    decision = run(decision, "open_comment", users.reporter, on=D(2026, 8, 3), comment_end=D(2026, 9, 2))
    Decision.objects.filter(pk=decision.pk).update(comment_end=D(2026, 12, 31))  # still running today
    services.submit_comment(Decision.objects.get(pk=decision.pk), text="建议分档收费", name="张三")
    Decision.objects.filter(pk=decision.pk).update(comment_end=D(2026, 9, 2))
    with pytest.raises(ValidationError, match="尚未截止（公告的截止日期为2026年9月2日）"):
        run(decision, "close_comment", users.reporter, on=D(2026, 9, 1), adoption="x")
    with pytest.raises(ValidationError, match="尚有1条公众意见未研究处理"):
        run(decision, "close_comment", users.reporter, on=D(2026, 9, 2), adoption="x")
    services.handle_comment(users.reporter, decision.comments.get(), handling="adopted")
    decision = run(decision, "close_comment", users.reporter, on=D(2026, 9, 2), adoption="采纳分档收费建议。")
    assert (decision.state, decision.adoption_published_on) == ("drafting", D(2026, 9, 2))


def test_a_visitor_comments_only_while_the_period_runs(org, users):
    decision = started(org)
    with pytest.raises(ValidationError, match="不在公开征求意见期内"):
        services.submit_comment(decision, text="意见")


# ------------------------------------------------------------------------------------- 听证 (art. 16)

def test_hearing_materials_reach_participants_7_days_before(org, users):
    decision = started(org, procedures=("hearing",))
    decision = run(decision, "schedule_hearing", users.reporter, on=D(2026, 9, 10), hearing_on=D(2026, 9, 30),
                   place="县政府第一会议室", selection="公开报名、随机抽取",
                   participants="居民代表5名、企业代表2名", materials_sent_on=D(2026, 9, 24))
    # Materials on 09-24: 7 days later is 10-01 (09-25 day 1 … 10-01 day 7), so a hearing on 09-30 is too early.
    with pytest.raises(ValidationError, match="材料于2026年9月24日送达，听证会最早可于2026年10月1日召开"):
        run(decision, "hold_hearing", users.reporter, on=D(2026, 9, 30), reason="听证记录")
    decision = run(decision, "hold_hearing", users.reporter, on=D(2026, 10, 1), reason="听证记录")
    assert decision.state == "drafting"


# ----------------------------------------------------------- required steps cannot be skipped (catalogue)

def test_a_required_procedure_cannot_be_skipped_and_the_refusal_names_it(org, users):
    decision = started(org, procedures=("participation", "expert"), category="livelihood")
    with pytest.raises(ValidationError) as refused:
        run(decision, "submit_review", users.reporter, on=D(2026, 9, 1), discussion_planned_on=D(2026, 10, 30))
    text = "".join(refused.value.messages)
    # 民生类 adds 风险评估 whatever the entry says (001 (十四)).
    for named in ("“公众参与”（条例第十四条、第十五条）", "“专家论证”（条例第十九条）", "“风险评估”（条例第二十二条）"):
        assert named in text
    assert "不得跳过" in text


def test_expert_argument_needs_an_opinion_from_the_pool(org, users):
    decision = started(org, procedures=("expert",))
    decision = run(decision, "start_expert", users.reporter, on=D(2026, 8, 10))
    with pytest.raises(ValidationError, match="尚未记录专家论证意见"):
        run(decision, "finish_expert", users.reporter, on=D(2026, 8, 20), reason="x")
    elsewhere = services.add_expert(None, jurisdiction=org.other_county, name="乙专家", field="环境")
    with pytest.raises(ValidationError, match="不在本级或上级决策咨询论证专家库中"):
        services.record_expert_opinion(users.reporter, decision, expert=elsewhere, opinion="可行")
    pooled = services.add_expert(None, jurisdiction=org.city, name="李四", field="公共管理")  # the city's pool serves the county
    services.record_expert_opinion(users.reporter, decision, expert=pooled, opinion="可行", given_on=D(2026, 8, 15))
    decision = run(decision, "finish_expert", users.reporter, on=D(2026, 8, 20), reason="论证意见已采纳")
    assert decision.state == "drafting"


# ------------------------------------------------------------------------------- 合法性审查 (arts. 25, 26)

def test_the_reviewer_gets_7_working_days_across_national_day_2026(org, users):
    decision = started(org)
    decision = through_comment(decision, users)
    # Sent Tuesday 2026-09-29: 09-30 is working day 1; 10-01…10-07 国庆 off; 10-08 is 2, 10-09 3, Saturday 10-10
    # (调休) 4, 10-12 5, 10-13 6, 10-14 7 — so discussion no earlier than 2026-10-14.
    with pytest.raises(ValidationError, match="一般不少于7个工作日（条例第二十六条）.*最早可于2026年10月14日提请讨论"):
        run(decision, "submit_review", users.reporter, on=D(2026, 9, 29), discussion_planned_on=D(2026, 10, 13))
    decision = run(decision, "submit_review", users.reporter, on=D(2026, 9, 29), discussion_planned_on=D(2026, 10, 14))
    clock = clock_of(decision, "review")
    assert (decision.state, clock.due_on, clock.rule_text) == ("review", D(2026, 10, 14), "7个工作日")
    assert decision.review_due_on == D(2026, 10, 14)


def test_the_review_clock_across_spring_festival_2025(org, users):
    decision = started(org, started_on=D(2025, 1, 2), year=2025, procedures=())
    # Sent Friday 2025-01-24: Sunday 01-26 (调休) is working day 1, 01-27 2; 01-28…02-04 春节 off; 02-05 3, 02-06 4,
    # 02-07 5, Saturday 02-08 (调休) 6, Monday 02-10 7.
    decision = run(decision, "submit_review", users.reporter, on=D(2025, 1, 24), discussion_planned_on=D(2025, 2, 10))
    assert clock_of(decision, "review").due_on == D(2025, 2, 10)
    decision = run(decision, "pass_review", users.office, on=D(2025, 2, 11), reason="合法", counsel_name="王律师",
                   counsel_kind="adviser")
    assert clock_of(decision, "review").state == "late"  # the opinion came a working day after the 7th
    assert decision.counsel.get().name == "王律师"


def test_no_collective_discussion_without_a_passed_review(org, users):
    decision = through_comment(started(org), users)
    meeting = {"on": D(2026, 10, 20), "meeting_kind": "standing", "dissent": "无", "head_departs": "no",
               "reason": "同意"}
    with pytest.raises(ValidationError, match="未经合法性审查，不得提交决策机关讨论（条例第二十五条）"):
        run(decision, "decide", users.office, **meeting)
    decision = run(decision, "submit_review", users.reporter, on=D(2026, 9, 29), discussion_planned_on=D(2026, 10, 14))
    decision = run(decision, "fail_review", users.office, on=D(2026, 10, 9), reason="收费依据不足")
    with pytest.raises(ValidationError, match="经合法性审查不合法，不得提交决策机关讨论（条例第二十五条）"):
        run(decision, "decide", users.office, **meeting)


def test_the_exploratory_reform_exception_is_recorded_with_its_legal_risks(org, users):
    decision = through_comment(started(org), users)
    decision = run(decision, "submit_review", users.reporter, on=D(2026, 9, 29), discussion_planned_on=D(2026, 10, 14))
    decision = run(decision, "exploratory", users.office, on=D(2026, 10, 14), legal_risks="上位法尚无规定，存在被撤销风险",
                   reason="属探索性改革事项")
    decision = run(decision, "decide", users.office, on=D(2026, 10, 20), meeting_kind="standing", dissent="无",
                   head_departs="no", reason="同意试行")
    assert (decision.state, decision.review_outcome, decision.legal_risks) == (
        "decided", "exploratory", "上位法尚无规定，存在被撤销风险")


# ------------------------------------------------------------------------- 集体讨论决定, 公布 (arts. 30–32)

def reviewed(org, users, **options):
    decision = through_comment(started(org, **options), users)
    decision = run(decision, "submit_review", users.reporter, on=D(2026, 9, 29), discussion_planned_on=D(2026, 10, 14))
    return run(decision, "pass_review", users.office, on=D(2026, 10, 14), reason="合法")


def test_dissent_is_recorded_and_a_departing_head_must_say_why(org, users):
    decision = reviewed(org, users)
    base = {"on": D(2026, 10, 20), "meeting_kind": "plenary", "dissent": "副县长甲：建议暂缓", "reason": "通过"}
    with pytest.raises(ValidationError, match="应当在会上说明理由（条例第三十条）"):
        run(decision, "decide", users.office, head_departs="yes", **base)
    with pytest.raises(ValidationError, match="请填写不同意见"):
        run(decision, "decide", users.office, head_departs="no", **{**base, "dissent": ""})
    decision = run(decision, "decide", users.office, head_departs="yes", head_reason="民生急需", **base)
    assert (decision.meeting, decision.dissent) == ("全体会议", "副县长甲：建议暂缓")
    assert decision.transitions.get(action="decide").data["dissent"] == "副县长甲：建议暂缓"


def test_publication_needs_the_party_report_and_the_npc_report_where_required(org, users):
    decision = reviewed(org, users, procedures=("participation", "npc_report"))
    decision = run(decision, "decide", users.office, on=D(2026, 10, 20), meeting_kind="standing", dissent="无",
                   head_departs="no", reason="通过")
    with pytest.raises(ValidationError) as refused:
        run(decision, "publish", users.office, on=D(2026, 10, 22))
    assert "条例第三十一条" in refused.value.messages[0] and "条例第八条" in refused.value.messages[0]
    decision = run(decision, "report_party", users.office, on=D(2026, 10, 21))
    decision = run(decision, "report_npc", users.office, on=D(2026, 10, 21))
    decision = run(decision, "publish", users.office, on=D(2026, 10, 22), doc_number="测政发〔2026〕9号")
    assert (decision.state, decision.published_on, decision.is_public) == ("published", D(2026, 10, 22), True)


def test_who_may_take_which_step(org, users):
    decision = started(org)
    with pytest.raises(PermissionDenied):  # the undertaker cannot decide for the body
        run(decision, "decide", users.reporter, on=D(2026, 9, 1))
    with pytest.raises(PermissionDenied):  # 乙县's office does not see 测试县's decision
        run(decision, "open_comment", users.outsider, on=D(2026, 9, 1), comment_end=D(2026, 10, 1))
    with pytest.raises(PermissionDenied):  # only the reviewing office reviews
        run(decision, "pass_review", users.reporter, on=D(2026, 9, 1))


def test_a_draft_that_restricts_competition_does_not_go_to_discussion(org, users):
    decision = started(org, procedures=(), market_related=True)
    decision = run(decision, "record_fair_competition", users.reporter, on=D(2026, 9, 1), conclusion="restricts")
    decision = run(decision, "submit_review", users.reporter, on=D(2026, 9, 29), discussion_planned_on=D(2026, 10, 14))
    decision = run(decision, "pass_review", users.office, on=D(2026, 10, 14), reason="合法")
    with pytest.raises(ValidationError, match="具有排除、限制竞争效果且不符合例外规定"):
        run(decision, "decide", users.office, on=D(2026, 10, 20), meeting_kind="standing", dissent="无",
            head_departs="no", reason="通过")


def test_a_published_decision_is_found_by_the_one_search(org, users):
    from fazhi.decisions.demo import walk
    from fazhi.search.backend import SearchQuery, search

    decision = walk(started(org, draft="草案：城区停车收费分时段计价"), "published", D(2026, 8, 3))
    hits = search(SearchQuery(text="分时段计价", kinds=["decision"]))
    assert [hit.key for hit in hits.hits] == [f"decision:{decision.pk}"]
