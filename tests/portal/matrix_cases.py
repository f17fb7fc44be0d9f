"""Permission-matrix cases of the public portal (format: tests/matrix.py): every route is public.

What the public may not see (drafts, documents under review, unpublished 清理 lists) is 404 for everyone;
that is tested in tests/portal/test_portal.py.
"""

from __future__ import annotations

import datetime

from fazhi.normdocs import services
from fazhi.normdocs.demo import walk
from tests.matrix import RouteCase


def published(org):
    services.set_numbering_scheme(None, org.county, "测司规〔{year}〕{seq}号")
    doc = services.create_document(None, title="测试县公开矩阵办法", issuer=org.justice, text="第一条 听证。",
                                   doc_number="测政发〔2024〕1号", written_on=datetime.date(2024, 3, 4))
    return walk(doc, "published", datetime.date(2024, 3, 4))


def law(org, users):
    from fazhi.search.models import Law

    return {"law_id": Law.objects.create(id="abcdef012345", title="中华人民共和国行政许可法", text="第一条 正文").pk}


def campaign(org, users):
    doc = published(org)
    c = services.create_cleanup(None, title="矩阵清理", region=org.county, documents=[doc])
    services.decide_cleanup_item(None, c.items.get(), "keep", "")
    services.publish_cleanup(None, c, datetime.date(2024, 12, 1))
    return {"pk": c.pk}


def attachment(org, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    doc = published(org)
    found = services.add_attachment(None, doc, SimpleUploadedFile("公开附件.pdf", b"%PDF-1.4\n%%EOF\n"))
    return {"token": found.token}


CASES = [
    RouteCase("portal:search", "GET", public=True, data={"q": "听证"}),
    RouteCase("portal:document", "GET", public=True,
              make_object=lambda org, users: {"ref": published(org).registration_number}),
    RouteCase("portal:law", "GET", public=True, make_object=law),
    # A published document's attachment: anyone downloads it through the one attachment view.
    RouteCase("core:attachment", "GET", public=True, make_object=attachment, label="公开规范性文件附件"),
    RouteCase("portal:cleanup_list", "GET", public=True),
    RouteCase("portal:cleanup", "GET", public=True, make_object=campaign),
    # A module's catalogue (fazhi.portal.catalogue): normdocs' list, and its stable URL → the document page.
    RouteCase("portal:catalogue", "GET", public=True, make_object=lambda org, users: {"slug": "normdocs"},
              data={"year": "2024"}),
    RouteCase("portal:catalogue_detail", "GET", public=True,
              make_object=lambda org, users: {"slug": "normdocs", "ref": str(published(org).pk)}),
    # The public case lookup (fazhi.workflow.public): no account; a wrong code is answered on the page.
    RouteCase("portal:lookup", "GET", public=True),
    RouteCase("portal:lookup", "POST", public=True, data={"case_number": "测信〔2024〕1号", "code": "AAAAAAAA"}),
    RouteCase("portal:suggest", "GET", public=True),
    RouteCase("portal:suggest", "POST", public=True, label="anonymous 审查建议",
              make_object=lambda org, users: {"ref": published(org).registration_number},
              data=lambda org, users, kw: {"ref": kw["ref"], "name": "李四", "contact": "13900000000",
                                           "content": "第一条与上位法不一致。"}),
    RouteCase("/api/portal/search", "GET", public=True, data={"q": "听证"}),
    RouteCase("/api/portal/documents/{ref}", "GET", public=True,
              make_object=lambda org, users: {"ref": published(org).pk}),
]
