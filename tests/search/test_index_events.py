"""The index follows the normative documents: one test per event that changes what the public finds.

Each event goes through `fazhi.normdocs.services` (as the views, API and commands do) and is checked
through the search interface itself, so the tests hold on whichever backend the database selects.
"""

from __future__ import annotations

import datetime

import pytest

from fazhi.normdocs import filings, services
from fazhi.normdocs.demo import walk
from fazhi.normdocs.models import RelationKind, State
from fazhi.search.backend import SearchQuery, search
from fazhi.search.models import SearchEntry

pytestmark = pytest.mark.django_db

D = datetime.date
START = D(2024, 3, 4)


def found(text: str, status: str | None = "现行有效") -> list[str]:
    filters = {"status": status} if status else {}
    return [hit.title for hit in search(SearchQuery(text=text, kinds=["normdoc"], filters=filters)).hits]


@pytest.fixture
def make(org):
    services.set_numbering_scheme(None, org.county, "测司规〔{year}〕{seq}号")
    numbers = iter(range(1, 100))

    def draft(title: str, text: str, issuer=None):
        return services.create_document(
            None,
            title=title,
            issuer=issuer or org.justice,
            text=text,
            doc_number=f"测政发〔2024〕{next(numbers)}号",
            written_on=D(2018, 1, 2),  # the steps are back-dated (from 2022 on); none may precede the draft
        )

    return draft


def test_a_draft_is_not_indexed_until_it_is_published(make):
    doc = make("测试县农村公路养护管理办法", "第一条 为了加强农村公路养护，制定本办法。")
    doc = walk(doc, State.REGISTERED, START)
    assert found("农村公路", status=None) == []
    assert not SearchEntry.objects.filter(key=doc.search_key).exists()

    doc = services.transition(None, doc, "publish", {"on": START + datetime.timedelta(days=66)})
    assert doc.is_public
    assert found("农村公路") == ["测试县农村公路养护管理办法"]
    assert found("养护") == ["测试县农村公路养护管理办法"]  # body text, not only the title
    entry = SearchEntry.objects.get(key=doc.search_key)
    assert (entry.issuer, entry.status, entry.date) == (doc.issuer.name, "现行有效", doc.published_on)


def test_an_amendment_replaces_the_indexed_text(make):
    doc = walk(
        make("测试县户外广告设置管理办法", "第一条 户外广告设置应当经过审批。"), State.PUBLISHED, START
    )
    assert found("经过审批") == ["测试县户外广告设置管理办法"]

    services.amend_document(
        None,
        doc,
        text="第一条 户外广告设置实行备案管理。",
        version_date=D(2024, 9, 1),
        change_note="审批改为备案",
    )
    assert found("备案管理") == ["测试县户外广告设置管理办法"]
    assert found("经过审批", status=None) == []  # the superseded wording is no longer found
    assert SearchEntry.objects.filter(key=doc.search_key).count() == 1


def test_an_amending_document_keeps_the_amended_one_in_force(make):
    old = walk(make("测试县物业服务管理办法", "第一条 物业服务收费实行政府指导价。"), State.PUBLISHED, START)
    fix = walk(
        make("测试县关于修改物业服务管理办法的决定", "将第一条修改为：物业服务收费实行市场调节价。"),
        State.PUBLISHED,
        START,
    )
    services.add_relation(None, fix, kind=RelationKind.AMENDS, target=old)
    # 已修改 is filed under 现行有效: the amended document is still the one in force.
    assert sorted(found("物业服务")) == ["测试县关于修改物业服务管理办法的决定", "测试县物业服务管理办法"]
    assert SearchEntry.objects.get(key=old.search_key).status == "现行有效"


def test_a_repealing_document_moves_the_repealed_one_out_of_the_in_force_results(make):
    old = walk(
        make("测试县建筑垃圾处置办法", "第一条 建筑垃圾应当分类处置。"), State.PUBLISHED, D(2022, 3, 7)
    )
    new = walk(make("测试县建筑垃圾管理规定", "第一条 建筑垃圾实行全过程管理。"), State.PUBLISHED, START)
    assert found("建筑垃圾") == ["测试县建筑垃圾管理规定", "测试县建筑垃圾处置办法"]

    services.add_relation(None, new, kind=RelationKind.REPEALS, target=old)
    assert found("建筑垃圾") == ["测试县建筑垃圾管理规定"]
    assert found("建筑垃圾", status="已废止") == ["测试县建筑垃圾处置办法"]
    assert SearchEntry.objects.get(key=old.search_key).status == "已废止"

    # Taking the relation back restores it (the index follows the relation both ways).
    services.remove_relation(None, new.relations.get(kind=RelationKind.REPEALS))
    assert found("建筑垃圾") == ["测试县建筑垃圾管理规定", "测试县建筑垃圾处置办法"]


def test_a_cleanup_that_repeals_a_document_updates_the_index(make, org):
    doc = walk(make("测试县秸秆禁烧管理办法", "第一条 禁止露天焚烧秸秆。"), State.PUBLISHED, START)
    campaign = services.create_cleanup(
        None, title="2024年度规范性文件清理", region=org.county, documents=[doc]
    )
    services.decide_cleanup_item(None, campaign.items.get(), "repeal", "上位法已修改")
    assert found("秸秆") == ["测试县秸秆禁烧管理办法"]  # decided, not yet published: still in force
    services.publish_cleanup(None, campaign, D(2024, 12, 1))
    assert found("秸秆") == []
    assert found("秸秆", status="已废止") == ["测试县秸秆禁烧管理办法"]


def test_a_corrected_text_after_filing_review_is_indexed(make):
    doc = walk(make("测试县燃气安全管理办法", "第一条 燃气经营者应当每年检查一次。"), State.PUBLISHED, START)
    on = START + datetime.timedelta(days=80)
    doc = services.transition(None, doc, "file_for_record", {"on": on})
    filing = doc.filings.get()
    filings.transition(None, filing, "register", {"on": on})
    filings.transition(None, filing, "require_correction", {"on": on, "reason": "检查频次低于上位法要求"})
    assert found("每年检查") == ["测试县燃气安全管理办法"]  # still public while it is corrected
    filings.transition(
        None,
        filing,
        "report_correction",
        {
            "on": on + datetime.timedelta(days=5),
            "reason": "已按要求纠正",
            "corrected_text": "第一条 燃气经营者应当每季度检查一次。",
        },
    )
    assert found("每季度检查") == ["测试县燃气安全管理办法"]
    assert found("每年检查", status=None) == []
