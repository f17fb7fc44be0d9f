"""Alignment services: which upper plans, suggest / confirm / reject / link, history, log and coverage."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.core.models import OperationLog
from fazhi.plans import align_services as svc
from fazhi.plans.models import ItemAlignment
from tests.plans.align_fixtures import county_plan, item, make_plan, province_plan

Status = ItemAlignment.Status


@pytest.fixture
def pair(org):
    upper = province_plan(org)
    return county_plan(org), upper


def test_upper_plans_are_the_plans_of_regions_above(org, pair):
    lower, upper = pair
    city = make_plan(org.city, "测试市方案", [(["一"], "", "推进政务公开。")])
    sibling = make_plan(org.other_county, "乙县方案", [(["一"], "", "推进政务公开。")])
    same_level = make_plan(org.county, "测试县另一方案", [(["一"], "", "推进政务公开。")])
    found = list(svc.upper_plan_candidates(lower))
    assert found == [city, upper]  # nearest region first
    assert sibling not in found and same_level not in found and lower not in found
    assert svc.readable_upper_plan(lower, upper.pk) == upper
    with pytest.raises(Http404):
        svc.readable_upper_plan(lower, sibling.pk)
    with pytest.raises(Http404):
        svc.readable_upper_plan(upper, lower.pk)  # a lower plan is never an upper one
    with pytest.raises(Http404):
        svc.readable_upper_plan(lower, "abc")


def test_default_upper_plan_prefers_the_declared_one(org, pair):
    lower, upper = pair
    city = make_plan(org.city, "测试市方案", [(["一"], "", "推进政务公开。")])
    assert svc.default_upper_plan(lower) == city
    lower.upper_plan = upper
    lower.save()
    assert svc.default_upper_plan(lower) == upper


def test_suggest_creates_ranked_suggestions_links_the_plan_and_logs(users, pair):
    lower, upper = pair
    result = svc.suggest_alignments(users.office, lower, upper)
    assert result.items == 3 and result.suggested >= 3
    best = {
        a.lower_item.display_path: a.upper_item.display_path
        for a in ItemAlignment.objects.filter(rank=1).select_related("lower_item", "upper_item")
    }
    assert best == {"一 1": "二 (一) 1", "一 2": "二 (一) 2", "二 3": "二 (二) 3"}
    assert all(a.status == Status.SUGGESTED and 0 < a.score <= 1 for a in ItemAlignment.objects.all())
    # 指导思想 (aims) is never suggested
    assert not ItemAlignment.objects.filter(upper_item__path=["一", "(一)"]).exists()
    lower.refresh_from_db()
    assert lower.upper_plan == upper
    log = OperationLog.objects.get(action="plans.align.suggest")
    assert log.after["suggested"] == result.suggested and log.after["aligned_with"] == upper.pk


def test_suggest_refuses_a_plan_that_is_not_above(users, org, pair):
    lower, _ = pair
    sibling = make_plan(org.other_county, "乙县方案", [(["一"], "", "全面落实行政裁量权基准制度。")])
    with pytest.raises(ValidationError, match="不是.*上级方案"):
        svc.suggest_alignments(users.office, lower, sibling)
    with pytest.raises(ValidationError, match="阈值"):
        svc.suggest_alignments(users.office, lower, pair[1], threshold=2)
    assert not ItemAlignment.objects.exists()
    assert not OperationLog.objects.filter(action="plans.align.suggest").exists()


def test_decisions_survive_a_new_run(users, pair):
    lower, upper = pair
    svc.suggest_alignments(users.office, lower, upper)
    first = ItemAlignment.objects.get(lower_item=item(lower, "一", "1"), rank=1)
    second = ItemAlignment.objects.filter(lower_item=item(lower, "一", "1"), rank=2).first()
    svc.confirm_alignment(users.office, first)
    if second is not None:
        svc.reject_alignment(users.office, second, reason="不是同一事项")
    svc.suggest_alignments(users.office, lower, upper)
    first.refresh_from_db()
    assert first.status == Status.CONFIRMED and first.decided_by == users.office and first.decided_at
    if second is not None:
        second.refresh_from_db()
        assert second.status == Status.REJECTED
        # the rejected pair is not offered again as a fresh suggestion
        assert (
            ItemAlignment.objects.filter(lower_item=second.lower_item, upper_item=second.upper_item).count()
            == 1
        )


def test_confirm_and_reject_are_logged_with_history(users, pair):
    lower, upper = pair
    svc.suggest_alignments(users.office, lower, upper)
    alignment = ItemAlignment.objects.filter(rank=1).first()
    svc.reject_alignment(users.office, alignment, reason="对应不准")
    svc.confirm_alignment(users.office, alignment)
    alignment.refresh_from_db()
    assert alignment.status == Status.CONFIRMED
    assert [h.status for h in alignment.history.order_by("history_date")] == [
        "suggested",
        "rejected",
        "confirmed",
    ]
    reject = OperationLog.objects.get(action="plans.align.reject")
    assert reject.before["status"] == "suggested" and reject.after["status"] == "rejected"
    assert reject.reason == "对应不准"
    assert OperationLog.objects.filter(action="plans.align.confirm").count() == 1


def test_link_items_by_hand(users, org, pair):
    lower, upper = pair
    low, up = item(lower, "二", "3"), item(upper, "二", "(二)", "4")
    alignment = svc.link_items(users.office, low, up)
    assert (
        alignment.status == Status.CONFIRMED and alignment.score == 0 and alignment.decided_by == users.office
    )
    assert OperationLog.objects.filter(action="plans.align.link").count() == 1
    # linking again just (re)confirms the same row
    assert svc.link_items(users.office, low, up).pk == alignment.pk
    sibling = make_plan(org.other_county, "乙县方案", [(["一"], "", "全面落实行政裁量权基准制度。")])
    with pytest.raises(ValidationError):
        svc.link_items(users.office, low, sibling.items.get())
    assert ItemAlignment.objects.count() == 1


def test_coverage_counts_confirmed_links_per_section(users, pair):
    lower, upper = pair
    empty = svc.coverage(lower, upper)
    assert (empty.total, empty.covered, empty.percent) == (4, 0, 0.0)
    svc.link_items(users.office, item(lower, "一", "1"), item(upper, "二", "(一)", "1"))
    svc.link_items(users.office, item(lower, "一", "2"), item(upper, "二", "(一)", "2"))
    svc.suggest_alignments(users.office, lower, upper)
    report = svc.coverage(lower, upper)
    assert (report.total, report.covered, report.percent) == (4, 2, 50.0)
    sections = {s.label: (s.title, s.total, s.covered, s.percent) for s in report.sections}
    assert sections == {
        "二 (一)": ("完善行政执法工作体系", 2, 2, 100.0),
        "二 (二)": ("完善社会矛盾纠纷行政预防调处化解体系", 2, 0, 0.0),
    }
    assert report.uncovered_ids == [item(upper, "二", "(二)", "3").pk, item(upper, "二", "(二)", "4").pk]
    assert item(upper, "二", "(二)", "3").pk in report.suggested_ids


def test_a_decided_pair_outside_the_new_shortlist_keeps_its_decision_without_a_rank(users, pair):
    lower, upper = pair
    svc.suggest_alignments(users.office, lower, upper, top_k=3, threshold=0.0)
    third = ItemAlignment.objects.get(lower_item=item(lower, "一", "1"), rank=3)
    svc.reject_alignment(users.office, third)
    result = svc.suggest_alignments(users.office, lower, upper, top_k=1, threshold=0.0)
    third.refresh_from_db()
    assert third.status == Status.REJECTED and third.rank is None and third.score > 0
    assert result.kept_decisions == 1
    assert ItemAlignment.objects.filter(status=Status.SUGGESTED).count() == 3  # one per lower item


def test_deciding_a_withdrawn_suggestion_says_so(users, pair):
    lower, upper = pair
    svc.suggest_alignments(users.office, lower, upper)
    stale = ItemAlignment.objects.first()
    svc.suggest_alignments(users.office, lower, upper)  # replaces every open suggestion
    with pytest.raises(ValidationError, match="刷新页面"):
        svc.confirm_alignment(users.office, stale)
