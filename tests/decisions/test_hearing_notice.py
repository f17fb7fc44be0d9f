"""听证 published in advance (条例第十六条): the notice with the draft, time, place and how participants are
selected goes on the portal when the hearing is announced; the participants' names are published before the
hearing day, and no hearing is held before they were; materials still reach them 7 days before it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.decisions.helpers import D, started
from tests.decisions.test_workflow import run

SELECTION = "公开报名，按居民用户、非居民用户分组随机抽取，居民代表不少于三分之二"


def test_the_selection_is_published_with_the_notice_and_the_names_before_the_hearing(client, org, users):
    decision = started(org, procedures=("hearing",), draft="草案：供热价格调整方案及起草说明")
    page = reverse("decisions_public:decision", args=[decision.public_ref])
    assert client.get(page).status_code == 404  # nothing announced yet: the draft is internal

    decision = run(decision, "schedule_hearing", users.reporter, on=D(2026, 9, 10), hearing_on=D(2026, 9, 30),
                   place="县政府第一会议室", selection=SELECTION)
    shown = client.get(page).content.decode()  # an anonymous visitor
    assert "2026-09-30" in shown and "县政府第一会议室" in shown and SELECTION in shown
    assert "草案：供热价格调整方案及起草说明" in shown and "听证参加人名单将在遴选后" in shown
    listed = client.get(reverse("portal:catalogue", args=["decision-hearings"])).content.decode()
    assert decision.title in listed

    # No hearing before the names are out.
    with pytest.raises(ValidationError, match="听证参加人名单尚未向社会公布"):
        run(decision, "hold_hearing", users.reporter, on=D(2026, 10, 1), reason="听证记录",
            materials_sent_on=D(2026, 9, 23))
    # Published on the hearing day itself is not in advance.
    with pytest.raises(ValidationError, match="听证会定于2026年9月30日召开，名单须在此之前公布"):
        run(decision, "publish_participants", users.reporter, on=D(2026, 9, 30), participants="居民代表5名")
    decision = run(decision, "publish_participants", users.reporter, on=D(2026, 9, 22),
                   participants="居民代表：张某、李某、王某；企业代表：某热力公司")
    assert decision.state == "hearing"
    shown = client.get(page).content.decode()
    assert "居民代表：张某、李某、王某" in shown and "2026-09-22 公布" in shown

    # The ≥ 7 days materials rule still holds: sent 09-24, 7 days later is 10-01 (09-25 day 1 … 10-01 day 7).
    with pytest.raises(ValidationError, match="听证会最早可于2026年10月1日召开"):
        run(decision, "hold_hearing", users.reporter, on=D(2026, 9, 30), reason="听证记录",
            materials_sent_on=D(2026, 9, 24))
    decision = run(decision, "hold_hearing", users.reporter, on=D(2026, 10, 1), reason="听证记录",
                   materials_sent_on=D(2026, 9, 24))
    assert decision.state == "drafting" and decision.transitions.filter(action="publish_participants").count() == 1
    # Held: no longer among the coming hearings, still on the decision's own page.
    assert decision.title not in client.get(reverse("portal:catalogue", args=["decision-hearings"])).content.decode()
    assert "居民代表：张某、李某、王某" in client.get(page).content.decode()


def test_a_notice_needs_its_place_and_selection_method(org, users):
    decision = started(org, procedures=("hearing",))
    with pytest.raises(ValidationError) as refused:
        run(decision, "schedule_hearing", users.reporter, on=D(2026, 9, 10), hearing_on=D(2026, 9, 30))
    assert {"请填写听证会地点", "请填写听证参加人遴选办法"} <= set(refused.value.messages)
