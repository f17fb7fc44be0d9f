"""不公开征求意见 with a recorded reason, and 规章 under their own rules (规章制定程序条例, 立法法 art. 109,
法规规章备案审查条例 art. 4), not the normative-document defaults. Dates counted by hand (start day not counted)."""

from __future__ import annotations

import datetime

import pytest

from fazhi.core import services as core_services
from fazhi.core.models import Unit
from fazhi.normdocs import regulations, services
from fazhi.normdocs.filing_models import FilingChannel
from fazhi.normdocs.models import DocType, State
from fazhi.normdocs.recipients import recipients_for
from fazhi.workflow.clocks import clock_of
from tests.normdocs.steps import WAIVER_REASON as REASON
from tests.normdocs.steps import refusal

D = datetime.date


# ------------------------------------------------------------------------------------------ 不公开征求意见

def test_no_skipping_consultation_without_a_recorded_reason(make_doc):
    doc = make_doc()
    message = refusal(doc, "submit_legality_review", {"on": D(2026, 3, 2)})
    assert "尚未公开征求意见" in message and "不公开征求意见" in message
    assert "请填写理由" in refusal(doc, "waive_consultation", {"on": D(2026, 3, 2), "waiver_ground": "no_major_impact"})
    assert "请具体说明" in refusal(doc, "waive_consultation",
                                 {"on": D(2026, 3, 2), "waiver_ground": "no_major_impact", "reason": "不需要"})


def test_a_recorded_waiver_lets_the_draft_go_to_review(make_doc, users):
    doc = make_doc()
    doc = services.transition(users.office, doc, "waive_consultation",
                              {"on": D(2026, 3, 2), "waiver_ground": "no_major_impact", "reason": REASON})
    assert doc.state == State.DRAFTING
    log = doc.transitions.get(action="waive_consultation")
    assert log.reason == REASON and "无重大影响" in log.data["waiver"]
    assert "本轮已记录" in refusal(doc, "waive_consultation",
                                 {"on": D(2026, 3, 3), "waiver_ground": "secret", "reason": REASON})
    doc = services.transition(users.office, doc, "submit_legality_review", {"on": D(2026, 3, 3)})
    assert doc.state == State.LEGALITY_REVIEW and doc.consultation_start is None


def test_a_waiver_does_not_survive_a_failed_review(make_doc, users):
    doc = make_doc()
    services.transition(None, doc, "waive_consultation", {"on": D(2026, 3, 2), "waiver_ground": "no_major_impact",
                                                          "reason": REASON})
    doc = services.transition(None, doc, "submit_legality_review", {"on": D(2026, 3, 3)})
    doc = services.transition(users.office, doc, "fail_legality_review", {"on": D(2026, 3, 5), "reason": "第二条不合法"})
    assert "尚未公开征求意见" in refusal(doc, "submit_legality_review", {"on": D(2026, 3, 6)})


def test_market_documents_are_consulted_unless_secret(make_doc):
    doc = make_doc(market=True)
    message = refusal(doc, "waive_consultation", {"on": D(2026, 3, 2), "waiver_ground": "no_major_impact",
                                                  "reason": REASON})
    assert "优化营商环境条例第六十二条" in message and "除依法需要保密外" in message
    doc = services.transition(None, doc, "waive_consultation", {"on": D(2026, 3, 2), "waiver_ground": "secret",
                                                                "reason": "涉及尚未公开的招商引资谈判条件，依法需要保密。"})
    assert doc.state == State.DRAFTING


# ------------------------------------------------------------------------------------------------- 规章

@pytest.fixture
def city_rules(org):
    """测试市人民政府 (a 设区的市's government, which makes 规章), its 人大常委会, and 测试省's."""
    units = {
        "gov": core_services.create_unit(None, name="测试市人民政府", kind=Unit.Kind.GOVERNMENT, parent=org.city),
        "congress": core_services.create_unit(None, name="测试市人民代表大会常务委员会", kind=Unit.Kind.EXTERNAL,
                                              parent=org.city),
        "province_gov": core_services.create_unit(None, name="测试省人民政府", kind=Unit.Kind.GOVERNMENT,
                                                  parent=org.province),
    }
    services.set_numbering_scheme(None, org.city, "测市规〔{year}〕{seq}号")
    return units


def a_rule(make_doc, city_rules):
    return make_doc(title="测试市养犬管理办法", issuer=city_rules["gov"], doc_type=DocType.RULE)


def test_a_rule_is_open_for_comment_at_least_30_days(make_doc, city_rules):
    doc = a_rule(make_doc, city_rules)
    # 30 days from Mon 2026-03-02, start day not counted: 03-03 is day 1, 03-31 day 29, 04-01 day 30.
    message = refusal(doc, "start_consultation", {"on": D(2026, 3, 2), "consultation_end": D(2026, 3, 31)})
    assert "规章草案征求意见期不少于30日" in message and "2026年4月1日" in message
    doc = services.transition(None, doc, "start_consultation", {"on": D(2026, 3, 2), "consultation_end": D(2026, 4, 1)})
    assert doc.state == State.CONSULTATION


def test_a_rule_may_skip_public_comment_only_when_secret(make_doc, city_rules):
    doc = a_rule(make_doc, city_rules)
    message = refusal(doc, "waive_consultation", {"on": D(2026, 3, 2), "waiver_ground": "no_major_impact",
                                                  "reason": REASON})
    assert "规章除依法需要保密的外" in message and "规章制定程序条例（2017）第十五条第二款" in message


def _rule_to_registered(doc):
    doc = services.transition(None, doc, "start_consultation", {"on": D(2026, 3, 2), "consultation_end": D(2026, 4, 1)})
    message = refusal(doc, "submit_legality_review", {"on": D(2026, 4, 1)})
    assert "规章送审稿由法制机构" in message and "报送法制机构审查（规章）" in message
    doc = services.transition(None, doc, "submit_rule_review", {"on": D(2026, 4, 1)})
    assert clock_of(doc, "legality_review") is None  # no 15-working-day normative-document clock
    for code, on, extra in [("pass_legality_review", D(2026, 5, 6), {"reason": "合法"}),
                            ("submit_deliberation", D(2026, 5, 8), {}),
                            ("sign", D(2026, 5, 20), {"meeting": "市政府常务会议", "signer": "市长"}),
                            ("register", D(2026, 5, 25), {})]:
        doc = services.transition(None, doc, code, {"on": on, **extra})
    return doc


def test_a_normative_document_cannot_take_the_rule_review_step(make_doc):
    doc = make_doc()
    message = refusal(doc, "submit_rule_review", {"on": D(2026, 3, 2)})
    assert "请使用“报送合法性审核”" in message


def test_a_rule_applies_30_days_after_publication_unless_excepted(make_doc, city_rules):
    doc = _rule_to_registered(a_rule(make_doc, city_rules))
    # Published Mon 2026-06-01: the 30 days run 06-02 (day 1) … 07-01 (day 30); "30日后施行" → 2026-07-02.
    base = {"on": D(2026, 6, 1), "doc_number": "测试市人民政府令第1号"}
    message = refusal(doc, "publish", base)
    assert "请填写规章的施行日期" in message and "2026年7月2日" in message
    message = refusal(doc, "publish", {**base, "effective_on": D(2026, 7, 1)})
    assert "规章施行日期过早" in message and "第三十二条" in message
    doc = services.transition(None, doc, "publish", {**base, "effective_on": D(2026, 7, 2)})
    assert doc.effective_on == D(2026, 7, 2)
    assert doc.valid_until is None  # no 暂行/试行 default term for a 规章
    # Filing: 30 natural days from publication (法规规章备案审查条例 art. 4): 06-02 … 07-01, a Wednesday.
    clock = clock_of(doc, "filing")
    assert clock.rule_code == "regulation.filing" and doc.filing_due_on == D(2026, 7, 1)


def test_a_rule_may_apply_at_once_on_a_statutory_ground(make_doc, city_rules):
    doc = _rule_to_registered(a_rule(make_doc, city_rules))
    doc = services.transition(None, doc, "publish", {"on": D(2026, 6, 1), "doc_number": "测试市人民政府令第2号",
                                                     "effective_on": D(2026, 6, 1), "immediate_ground": "hinder"})
    assert doc.effective_on == D(2026, 6, 1)


def test_only_rules_name_an_immediate_ground(make_doc, walk):
    doc = walk(make_doc(), State.REGISTERED)
    message = refusal(doc, "publish", {"on": D(2024, 5, 9), "immediate_ground": "hinder"})
    assert "只适用于规章" in message


def test_a_city_rule_is_filed_with_four_bodies(make_doc, city_rules, org):
    # 立法法 art. 109 (4): 国务院 and 本级人大常委会; a 设区的市's also the province's 人大常委会 and government.
    doc = a_rule(make_doc, city_rules)
    found = [(r.role, r.name, r.unit) for r in regulations.regulation_recipients(doc)]
    assert found == [
        ("state_council", "国务院", None),
        ("congress", "测试市人民代表大会常务委员会", city_rules["congress"]),
        ("province_government", "测试省人民政府", city_rules["province_gov"]),
        ("province_congress", "测试省人民代表大会常务委员会", None),  # not in this tree
    ]
    # Each is one filing record: the two 人大常委会 and 国务院 have their notified outcome recorded by the
    # filer (no reviewer in the platform); 测试省人民政府's filing is reviewed by 测试省司法厅.
    justice = core_services.create_unit(None, name="测试省司法厅", kind=Unit.Kind.DEPARTMENT, parent=org.province)
    assert [(r.channel, r.name, r.unit, r.reviewer) for r in recipients_for(doc)] == [
        (FilingChannel.GOVERNMENT, "国务院", None, None),
        (FilingChannel.PEOPLE_CONGRESS, "测试市人民代表大会常务委员会", city_rules["congress"], None),
        (FilingChannel.GOVERNMENT, "测试省人民政府", city_rules["province_gov"], justice),
        (FilingChannel.PEOPLE_CONGRESS, "测试省人民代表大会常务委员会", None, None),
    ]


def test_a_province_rule_is_filed_with_two_bodies(make_doc, org):
    gov = core_services.create_unit(None, name="测试省人民政府", kind=Unit.Kind.GOVERNMENT, parent=org.province)
    doc = make_doc(title="测试省行政执法监督办法", issuer=gov, doc_type=DocType.RULE)
    assert [r.name for r in regulations.regulation_recipients(doc)] == ["国务院", "测试省人民代表大会常务委员会"]
    assert regulations.regulation_recipients(make_doc()) == []  # not a 规章


def test_the_draft_page_offers_the_waiver_with_its_grounds(make_doc, users, login):
    from django.urls import reverse

    doc = make_doc()
    page = login(users.office).get(reverse("normdocs:detail", args=[doc.pk])).content.decode()
    assert "不公开征求意见的情形" in page and 'value="secret"' in page and "依法需要保密" in page
    services.transition(None, doc, "waive_consultation", {"on": D(2026, 3, 2), "waiver_ground": "secret",
                                                          "reason": "涉及尚未公开的应急处置预案，依法需要保密。"})
    page = login(users.office).get(reverse("normdocs:detail", args=[doc.pk])).content.decode()
    assert "不公开征求意见：依法需要保密" in page
    assert "不公开征求意见的情形" not in page  # recorded once a round


def test_the_api_offers_the_waiver_grounds_and_records_the_waiver(make_doc, users, login):
    import json

    doc = make_doc()
    client = login(users.office)
    steps = {t["code"]: t for t in client.get(f"/api/normdocs/documents/{doc.pk}").json()["transitions"]}
    ground = next(f for f in steps["waive_consultation"]["fields"] if f["name"] == "waiver_ground")
    assert ground["choices"] == [["no_major_impact", "不涉及群众切身利益，对公民、法人和其他组织权利义务无重大影响"],
                                 ["secret", "依法需要保密"]]
    response = client.post(f"/api/normdocs/documents/{doc.pk}/transitions/waive_consultation",
                           data=json.dumps({"on": "2026-03-02", "waiver_ground": "no_major_impact", "reason": "无"}),
                           content_type="application/json")
    assert response.status_code == 400 and "请具体说明" in response.json()["detail"]
