"""Issue #12 point 10 (and #14 item 5): only administrative bodies issue; types by issuer; steps in date order."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fazhi.core import services as core_services
from fazhi.core.models import Unit
from fazhi.normdocs import forms, services
from fazhi.normdocs.models import DocType, NormativeDocument, Origin, State
from fazhi.normdocs.rates import normdoc_rates

D = datetime.date
TEXT = "第一条 正文。"


@pytest.fixture
def other_branches(org):
    """A county's court, procuratorate, 人大 body, party organs and 依法治县办, as the demo tree files them."""
    def add(name, kind):
        return core_services.create_unit(None, name=name, kind=kind, parent=org.county)

    return [
        add("测试县人民法院", Unit.Kind.EXTERNAL),
        add("测试县人民检察院", Unit.Kind.EXTERNAL),
        add("测试县人大常委会法制工作委员会", Unit.Kind.EXTERNAL),
        add("中共测试县委宣传部", Unit.Kind.DEPARTMENT),
        add("中共测试县委全面依法治县委员会办公室", Unit.Kind.OFFICE),
    ]


def test_issuer_choices_list_administrative_bodies_only(users, org, other_branches):
    form = forms.DocumentForm(user=users.office)
    offered = set(form.fields["issuer"].queryset.values_list("name", flat=True))
    # 测试县's government, its two departments and 甲镇's government: nothing else, no region.
    assert offered == {"测试县人民政府", "测试县司法局", "测试县发展和改革局", "甲镇人民政府"}


def test_a_county_is_offered_no_rules_or_local_regulations(users):
    form = forms.DocumentForm(user=users.office)
    assert [code for code, _ in form.fields["doc_type"].choices] == [DocType.NORMATIVE]


def test_a_city_with_its_government_is_offered_rules(org, make_user):
    city_gov = core_services.create_unit(None, name="测试市人民政府", kind=Unit.Kind.GOVERNMENT, parent=org.city)
    city_office = make_user("t_city_office", city_gov, ["office"], "jurisdiction")
    form = forms.DocumentForm(user=city_office)
    assert {code for code, _ in form.fields["doc_type"].choices} == {DocType.NORMATIVE, DocType.RULE}
    doc = services.create_document(city_office, title="测试市城市绿化管理办法", issuer=city_gov, text=TEXT,
                                   doc_type=DocType.RULE)
    assert doc.doc_type == DocType.RULE


def test_the_service_refuses_what_the_form_does_not_offer(org, other_branches, users):
    court = other_branches[0]
    with pytest.raises(ValidationError, match="“测试县人民法院”不是行政机关"):
        services.create_document(None, title="测试县法院诉讼服务办法", issuer=court, text=TEXT)
    with pytest.raises(ValidationError, match="不是行政机关"):
        services.create_document(None, title="宣传工作办法", issuer=other_branches[3], text=TEXT)
    with pytest.raises(ValidationError, match="立法法第九十三条"):
        services.create_document(None, title="测试县某规章", issuer=org.justice, text=TEXT, doc_type=DocType.RULE)
    with pytest.raises(ValidationError, match="地方性法规由人民代表大会及其常务委员会制定"):
        services.create_document(None, title="测试县某条例", issuer=org.gov, text=TEXT,
                                 doc_type=DocType.LOCAL_REGULATION)
    draft = services.create_document(None, title="测试县某办法", issuer=org.justice, text=TEXT)
    with pytest.raises(ValidationError, match="不能制定规章"):
        services.update_draft(users.office, draft, doc_type=DocType.RULE)
    assert NormativeDocument.objects.count() == 1


def test_rates_count_administrative_issuers_only(org, other_branches, make_doc, walk, login, users):
    walk(make_doc(title="测试县甲办法"), State.PUBLISHED)  # published 2024-05-09 by 测试县司法局
    # A court's "document" that reached the register by import: not a 行政规范性文件, not counted.
    NormativeDocument.objects.create(title="测试县法院审判管理办法", issuer=other_branches[0], state=State.PUBLISHED,
                                     origin=Origin.IMPORTED, published_on=D(2024, 6, 1))
    figures = normdoc_rates(org.county, D(2024, 1, 1), D(2024, 12, 31), as_of=D(2024, 12, 31))
    assert figures["published"] == 1 and figures["legality_reviewed"] == 1
    page = login(users.office).get(reverse("normdocs:rates"), {"year": 2024}).content.decode()
    assert "测试县司法局" in page and "测试县人民政府" in page
    for unit in other_branches:
        assert unit.name not in page


# ------------------------------------------------------------------------------------- date order

def refusal(doc, code, data) -> str:
    with pytest.raises(ValidationError) as info:
        services.transition(None, doc, code, data)
    return "；".join(info.value.messages)


def test_the_first_step_cannot_precede_the_draft(make_doc):
    # #14 item 5: a draft of 2024-03-10 may not start 征求意见 on 2024-03-04.
    doc = make_doc(written_on=D(2024, 3, 10))
    message = refusal(doc, "start_consultation", {"on": D(2024, 3, 4), "consultation_end": D(2024, 3, 20)})
    assert message.startswith("办理日期2024年3月4日早于上一步“起草”的日期2024年3月10日")
    doc = services.transition(None, doc, "start_consultation", {"on": D(2024, 3, 10), "consultation_end": D(2024, 3, 20)})
    assert doc.state == State.CONSULTATION


def test_a_draft_without_a_date_is_dated_the_day_it_was_recorded(make_doc):
    doc = make_doc(written_on=None)
    today = timezone.localdate()
    assert doc.drafted_on == today
    message = refusal(doc, "start_consultation", {"on": today - datetime.timedelta(days=90),
                                                  "consultation_end": today})
    assert f"早于上一步“起草”的日期{today.year}年{today.month}月{today.day}日" in message


def test_every_later_step_follows_the_one_before(make_doc, walk):
    doc = walk(make_doc(), State.SIGNED)  # 签发 on 2024-05-06 (start 2024-03-04 + 63 days)
    message = refusal(doc, "register", {"on": D(2024, 5, 5)})
    assert message == "办理日期2024年5月5日早于上一步“审议通过并签发”的日期2024年5月6日，各步骤的办理日期不能早于前一步。"
    assert services.transition(None, doc, "register", {"on": D(2024, 5, 6)}).state == State.REGISTERED


def test_an_imported_document_follows_its_publication(org):
    doc = NormativeDocument.objects.create(title="测试县历史办法", issuer=org.justice, state=State.PUBLISHED,
                                           origin=Origin.IMPORTED, published_on=D(2024, 5, 1))
    message = refusal(doc, "file_for_record", {"on": D(2024, 4, 30), "recipients": "测试市人民政府"})
    assert "办理日期2024年4月30日早于上一步“公开发布”的日期2024年5月1日" in message
