"""The public portal: only published documents, the search semantics, stable document pages."""

from __future__ import annotations

import datetime

from django.urls import reverse

from fazhi.normdocs import services

D = datetime.date


def titles(response) -> list[str]:
    return [hit.title for hit in response.context["result"].hits]


def test_search_needs_no_login_and_finds_published_documents(client, library):
    response = client.get(reverse("portal:search"), {"q": "行政处罚"})
    assert response.status_code == 200
    assert titles(response) == ["测试县行政处罚裁量基准适用规定"]
    body = response.content.decode()
    assert "找到 <strong>1</strong> 件文件" in body and "<mark>" in body


def test_drafts_and_documents_under_review_are_never_found_or_shown(client, library):
    response = client.get(reverse("portal:search"), {"q": "罚", "status": "all"})
    assert "测试县罚没财物管理办法（草案）" not in titles(response)
    assert "测试县罚款收缴办法" not in titles(response)
    for doc in (library.draft, library.review):
        assert client.get(reverse("portal:document", args=[doc.pk])).status_code == 404


def test_one_and_two_character_queries(client, library):
    assert titles(client.get(reverse("portal:search"), {"q": "罚"})) == ["测试县行政处罚裁量基准适用规定"]
    assert titles(client.get(reverse("portal:search"), {"q": "听证"})) == ["测试县行政处罚裁量基准适用规定"]


def test_traditional_and_full_width_queries_find_simplified_text(client, library):
    assert titles(client.get(reverse("portal:search"), {"q": "行政處罰"})) == ["测试县行政处罚裁量基准适用规定"]
    assert titles(client.get(reverse("portal:search"), {"q": "聽證　罰款"})) == ["测试县行政处罚裁量基准适用规定"]


def test_in_force_by_default_and_repealed_on_request(client, library):
    assert titles(client.get(reverse("portal:search"), {"q": "市容"})) == []
    response = client.get(reverse("portal:search"), {"q": "市容", "status": "已废止"})
    assert titles(response) == ["测试县城市市容管理办法"]
    assert "测试县城市市容管理办法" in titles(client.get(reverse("portal:search"), {"q": "市容", "status": "all"}))


def test_issuer_and_year_filters(client, library):
    response = client.get(reverse("portal:search"), {"q": "办法", "issuer": "测试县人民政府"})
    assert titles(response) == ["测试县城市管理综合执法办法"]
    assert titles(client.get(reverse("portal:search"), {"q": "办法", "year": "2023"})) == []


def test_zero_hits_say_so_and_suggest_dropping_a_term(client, library):
    response = client.get(reverse("portal:search"), {"q": "听证 火星"})
    body = response.content.decode()
    assert "没有找到同时包含“听证”“火星”的文件" in body
    assert "去掉“火星”" in body and "q=%E5%90%AC%E8%AF%81" in body  # the link searches 听证 alone


def test_document_page_by_registration_number_with_status_on_a_date(client, library):
    old = library.old
    old.refresh_from_db()
    url = reverse("portal:document", args=[old.registration_number])
    assert client.get(reverse("portal:document", args=[old.pk])).status_code == 301
    body = client.get(url).content.decode()
    assert "测试县城市市容管理办法" in body and "已废止" in body and "测试县城市管理综合执法办法" in body
    body = client.get(url, {"on": "2023-01-01"}).content.decode()
    assert "现行有效" in body


def test_document_page_shows_versions_and_the_text_in_force_on_the_date(client, library):
    doc = library.penalty
    services.amend_document(None, doc, text="第一条 修改后的文本。", version_date=D(2024, 9, 1), change_note="修改第一条")
    url = reverse("portal:document", args=[doc.registration_number])
    body = client.get(url).content.decode()
    assert "修改后的文本" in body and "第2版" in body and "已修改" in body
    body = client.get(url, {"on": "2024-08-01"}).content.decode()
    assert "规范行政处罚裁量权" in body and "修改后的文本" not in body
    # Still in force: found under the default 现行有效 filter.
    assert titles(client.get(reverse("portal:search"), {"q": "修改后"})) == [doc.title]


def test_related_laws_are_listed(client, library):
    body = client.get(reverse("portal:document", args=[library.penalty.registration_number])).content.decode()
    assert "《中华人民共和国行政处罚法》第三十四条" in body


def test_cleanup_results_are_public_once_published(client, library, org):
    campaign = services.create_cleanup(None, title="2024年度规范性文件清理", region=org.county,
                                       documents=[library.penalty])
    assert client.get(reverse("portal:cleanup", args=[campaign.pk])).status_code == 404
    services.decide_cleanup_item(None, campaign.items.get(), "keep", "")
    services.publish_cleanup(None, campaign, D(2024, 12, 1))
    body = client.get(reverse("portal:cleanup", args=[campaign.pk])).content.decode()
    assert "继续有效的文件（1 件）" in body and library.penalty.title in body
    assert "2024年度规范性文件清理" in client.get(reverse("portal:cleanup_list")).content.decode()


def test_repeal_updates_the_index(client, library):
    # Repealed in a cleanup: drops out of the default 现行有效 results.
    assert titles(client.get(reverse("portal:search"), {"q": "综合执法"})) == ["测试县城市管理综合执法办法"]
    campaign = services.create_cleanup(None, title="清理", region=library.new.issuer.jurisdiction(),
                                       documents=[library.new])
    services.decide_cleanup_item(None, campaign.items.get(), "repeal", "职能调整")
    services.publish_cleanup(None, campaign, D(2024, 12, 1))
    assert titles(client.get(reverse("portal:search"), {"q": "综合执法"})) == []


def test_law_pages_and_the_documents_citing_them(client, org):
    from fazhi.normdocs.demo import walk
    from fazhi.search.models import Law

    law = Law.objects.create(id="0123456789ab", title="中华人民共和国行政许可法", category="行政法",
                             version=D(2019, 4, 23), text="## 第一章 总则\n第一条 为了规范行政许可的设定和实施，制定本法。")
    services.set_numbering_scheme(None, org.county, "测司规〔{year}〕{seq}号")
    doc = services.create_document(None, title="测试县行政许可事项清单管理办法", issuer=org.justice,
                                   text="第一条 根据《中华人民共和国行政许可法》制定本办法。", doc_number="测政发〔2024〕9号",
                                   written_on=D(2024, 3, 4))
    services.add_relation(None, doc, kind="basis", law_title="《中华人民共和国行政许可法》", law_article="第十二条")
    assert doc.relations.get().law_id == law.pk
    law_url = reverse("portal:law", args=[law.pk])
    # Not published yet: the law page does not list the draft.
    assert doc.title not in client.get(law_url).content.decode()
    doc = walk(doc, "published", D(2024, 3, 4))
    body = client.get(reverse("portal:document", args=[doc.registration_number])).content.decode()
    assert f'href="{law_url}"' in body
    body = client.get(law_url).content.decode()
    assert "第一章 总则" in body and "规范行政许可的设定" in body and doc.title in body and "第十二条" in body
    assert client.get(reverse("portal:law", args=["nope"])).status_code == 404


def test_a_page_past_the_end_goes_to_the_last_page(client, library):
    """?page=999 used to show "第 500 / 1 页" and an empty list."""
    response = client.get(reverse("portal:search"), {"q": "办法", "status": "all", "page": "999"})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:search") + "?q=%E5%8A%9E%E6%B3%95&status=all"
    followed = client.get(response["Location"])
    assert titles(followed)  # the hits of the one page there is
    none = client.get(reverse("portal:search"), {"q": "火星", "page": "7"})
    assert none.status_code == 302 and "page" not in none["Location"]
    assert client.get(reverse("portal:search"), {"q": "办法", "status": "all", "page": "1"}).status_code == 200


def test_with_several_pages_past_the_end_goes_to_the_last_one(client, library, monkeypatch):
    from fazhi.portal import views

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    total = len(titles(client.get(reverse("portal:search"), {"q": "办法", "status": "all"})))
    assert total == 1
    first = client.get(reverse("portal:search"), {"q": "办法", "status": "all"})
    pages = first.context["pages"]
    assert pages >= 2
    response = client.get(reverse("portal:search"), {"q": "办法", "status": "all", "page": "999"})
    assert response["Location"].endswith(f"&page={pages}")
    assert client.get(response["Location"]).context["page"] == pages
