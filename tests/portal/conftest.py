"""Portal fixtures: published, amended, repealed and draft documents in the index."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

D = datetime.date
START = D(2024, 3, 4)


@pytest.fixture
def library(org):
    from fazhi.normdocs import services
    from fazhi.normdocs.demo import walk
    from fazhi.normdocs.models import RelationKind, State

    services.set_numbering_scheme(None, org.county, "测司规〔{year}〕{seq}号")

    numbers = iter(range(1, 100))

    def doc(title, text, state=State.PUBLISHED, start=START, issuer=None, number=""):
        draft = services.create_document(None, title=title, issuer=issuer or org.justice, text=text,
                                         doc_number=number or f"测政发〔{start.year}〕{next(numbers)}号",
                                         written_on=start)
        return walk(draft, state, start)

    penalty = doc("测试县行政处罚裁量基准适用规定", "第一条 为了规范行政处罚裁量权，根据《中华人民共和国行政处罚法》，制定本规定。\n"
                  "第二条 当事人要求听证的，行政机关应当组织听证。罚款数额按照裁量基准确定。")
    old = doc("测试县城市市容管理办法", "第一条 为了加强城市市容管理，制定本办法。", start=D(2022, 3, 7))
    new = doc("测试县城市管理综合执法办法", "第一条 为了规范城市管理综合执法，制定本办法。", start=D(2024, 5, 6),
              issuer=org.gov)
    services.add_relation(None, new, kind=RelationKind.REPEALS, target=old)
    services.add_relation(None, penalty, kind=RelationKind.BASIS, law_title="中华人民共和国行政处罚法",
                          law_article="第三十四条")
    draft = doc("测试县罚没财物管理办法（草案）", "第一条 罚没财物应当统一管理。", state=State.DRAFTING)
    review = doc("测试县罚款收缴办法", "第一条 罚款应当统一收缴。", state=State.LEGALITY_REVIEW)
    return SimpleNamespace(penalty=penalty, old=old, new=new, draft=draft, review=review)
