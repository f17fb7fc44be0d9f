"""The public catalogue helper (fazhi.portal.catalogue): a toy catalogue of done errands (tests/toy), and
the normative documents' catalogue declared in fazhi/normdocs/module.py."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.portal import catalogue
from fazhi.portal.catalogue import Catalogue, Column, unit_filter
from tests.toy.models import Errand

TOY = Catalogue(
    "errands", "示例事项公开目录", published=lambda: Errand.objects.filter(state=Errand.State.DONE),
    title="title", columns=(Column("承办单位", "unit.name"), Column("答复", "answer")),
    filters=(unit_filter("unit", "承办单位"),), ordering=("title",), page_size=2,
)


@pytest.fixture
def toy(monkeypatch):
    # Declared as a module would in its module.py portal_sections.
    declared = catalogue.sections()
    monkeypatch.setattr(catalogue, "sections", lambda: (*declared, TOY))
    return TOY


@pytest.fixture
def errands(org):
    done = [Errand.objects.create(title=f"事项{i}", unit=org.justice, state=Errand.State.DONE, answer=f"答复{i}")
            for i in (1, 2, 3)]
    other = Errand.objects.create(title="事项4", unit=org.reform, state=Errand.State.DONE, answer="答复4")
    hidden = Errand.objects.create(title="未办结事项", unit=org.justice)
    return done, other, hidden


def test_the_list_shows_published_records_only_paged_and_filtered(toy, errands, client):
    url = reverse("portal:catalogue", args=["errands"])
    page1 = client.get(url).content.decode()
    # Four done errands ordered by title, two a page: 事项1, 事项2 | 事项3, 事项4; the open one never.
    assert "示例事项公开目录" in page1 and "共 4 条" in page1 and "第 1 / 2 页" in page1
    assert "事项1" in page1 and "事项2" in page1 and "事项3" not in page1 and "未办结事项" not in page1
    assert "测试县司法局" in page1 and "答复1" in page1
    # Paging is clamped: past the end shows the last page, garbage shows the first.
    assert "事项4" in client.get(url, {"page": 999}).content.decode()
    assert "事项1" in client.get(url, {"page": "abc"}).content.decode()
    # The unit filter offers the units of published records; 发改局 has one (事项4).
    by_unit = client.get(url, {"unit": errands[1].unit_id}).content.decode()
    assert "共 1 条" in by_unit and "事项4" in by_unit and "事项1" not in by_unit
    # An unknown unit is ignored, not an error.
    assert "共 4 条" in client.get(url, {"unit": "99999999"}).content.decode()


def test_each_record_has_a_stable_url_and_unpublished_ones_are_404(toy, errands, client):
    done, _, hidden = errands
    url = reverse("portal:catalogue_detail", args=["errands", done[0].pk])
    assert TOY.url_of(done[0]) == url == f"/portal/errands/{done[0].pk}/"
    page = client.get(url).content.decode()
    assert "事项1" in page and "答复1" in page and url in page
    assert client.get(reverse("portal:catalogue_detail", args=["errands", hidden.pk])).status_code == 404
    assert client.get(reverse("portal:catalogue_detail", args=["errands", "abc"])).status_code == 404
    assert client.get(reverse("portal:catalogue", args=["nothing"])).status_code == 404


def test_the_portal_home_links_every_catalogue(toy, client, db):
    home = client.get(reverse("portal:search")).content.decode()
    assert 'href="/portal/errands/"' in home and "示例事项公开目录" in home
    assert 'href="/portal/normdocs/"' in home


def test_a_slug_may_not_take_a_portal_path():
    with pytest.raises(ValueError, match="冲突"):
        Catalogue("doc", "冲突", published=Errand.objects.none)


def test_declared_catalogues_have_unique_slugs():
    from fazhi.core.modules import portal_sections

    slugs = [s.slug for s in portal_sections() if isinstance(s, Catalogue)]
    assert "normdocs" in slugs and len(slugs) == len(set(slugs))


def test_normdocs_catalogue_lists_published_documents_linked_to_their_page(library, client):
    page = client.get(reverse("portal:catalogue", args=["normdocs"])).content.decode()
    assert library.penalty.title in page and library.new.title in page
    assert library.draft.title not in page and library.review.title not in page
    assert reverse("portal:document", args=[library.penalty.portal_ref()]) in page
    # The catalogue's own stable URL of a document leads to the document page.
    response = client.get(reverse("portal:catalogue_detail", args=["normdocs", library.penalty.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("portal:document",
                                                                            args=[library.penalty.portal_ref()])
    assert client.get(reverse("portal:catalogue_detail", args=["normdocs", library.draft.pk])).status_code == 404
    # Filter by year: the 2022 document only.
    by_year = client.get(reverse("portal:catalogue", args=["normdocs"]), {"year": "2022"}).content.decode()
    assert library.old.title in by_year and library.penalty.title not in by_year
