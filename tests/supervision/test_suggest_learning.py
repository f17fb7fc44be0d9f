"""How the web process keeps its lead-unit suggester current: built once, then relearned in the background."""

from __future__ import annotations

import threading

import pytest

from fazhi.plans.models import Plan
from fazhi.supervision import suggest_services
from tests.supervision.conftest import add_item


@pytest.fixture
def fresh_learning(monkeypatch):
    monkeypatch.setattr(suggest_services, "_learned", suggest_services._Learned())


def _plan_with_lead(org, users, text: str) -> None:
    plan = Plan.objects.create(
        jurisdiction=org.county, title=text[:10], period_start=2024, period_end=2025, created_by=users.office
    )
    add_item(plan, 1, ["1"], text, units=[("lead", "县司法局", org.justice)])


def _join_rebuilds() -> None:
    for thread in threading.enumerate():
        if thread.name == "lead-suggester":
            thread.join(timeout=60)


@pytest.mark.django_db(transaction=True)
def test_the_previous_model_answers_while_the_new_one_is_learned(settings, org, users, fresh_learning):
    settings.FAZHI_SUGGEST_IN_BACKGROUND = True
    _plan_with_lead(org, users, "开展行政复议案件办理质量评查。")
    first = suggest_services.suggester()  # nothing learned yet: this call waits
    assert len(first.examples) == 1
    assert suggest_services.suggester() is first

    _plan_with_lead(org, users, "组织行政执法人员资格考试。")
    assert suggest_services.suggester() is first  # answered at once, learning started behind it
    _join_rebuilds()
    current = suggest_services.suggester()
    assert current is not first and len(current.examples) == 2
    assert suggest_services._learned.key == suggest_services.training_signature()
    assert not suggest_services._learned.rebuilding


@pytest.mark.django_db(transaction=True)
def test_waiting_callers_and_the_test_setting_get_the_current_model(settings, org, users, fresh_learning):
    settings.FAZHI_SUGGEST_IN_BACKGROUND = True
    _plan_with_lead(org, users, "开展行政复议案件办理质量评查。")
    first = suggest_services.suggester()
    _plan_with_lead(org, users, "组织行政执法人员资格考试。")
    assert len(suggest_services.suggester(wait=True).examples) == 2
    settings.FAZHI_SUGGEST_IN_BACKGROUND = False
    _plan_with_lead(org, users, "健全行政规范性文件合法性审核机制。")
    assert len(suggest_services.suggester().examples) == 3
    assert first is not suggest_services.suggester()


@pytest.mark.django_db(transaction=True)
def test_warm_up_learns_in_a_thread(settings, org, users, fresh_learning):
    _plan_with_lead(org, users, "开展行政复议案件办理质量评查。")
    suggest_services.warm_up_in_background()
    for thread in threading.enumerate():
        if thread.name == "lead-suggester-warm-up":
            thread.join(timeout=60)
    assert suggest_services._learned.model is not None and len(suggest_services._learned.model.examples) == 1
