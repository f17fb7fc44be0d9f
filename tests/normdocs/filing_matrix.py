"""Permission-matrix cases of 备案审查 and 审查建议 (added to `matrix_cases.CASES`; format: tests/matrix.py).

测试县人民政府's document is filed with 测试市人民政府, whose 司法局 (`city_reviewer`) reviews it. The
filer's own office (`office`, 测试县司法局: it holds the filing-review capability and sees the document)
may read its filing but neither sees it in a review queue nor concludes it; `outsider` (乙县) sees nothing.
"""

from __future__ import annotations

import datetime

from fazhi.core import services as core_services
from fazhi.core.models import Unit, User
from fazhi.normdocs import services, suggestions
from fazhi.normdocs.demo import walk
from fazhi.normdocs.filing_models import Filing, FilingChannel, ReviewSuggestion
from tests.matrix import RouteCase, add_user

START = datetime.date(2024, 3, 4)
TITLE = "测试县矩阵备案办法"


def _unit(org, name: str, kind: str) -> Unit:
    """One unit under 测试市, made once (pages' walks build every case's object in one database)."""
    found = Unit.objects.get_children(org.city).filter(name=name).first()
    return found or core_services.create_unit(None, name=name, kind=kind, parent=org.city)


def city_reviewer(org, users) -> Unit:
    gov = _unit(org, "测试市人民政府", Unit.Kind.GOVERNMENT)
    justice = _unit(org, "测试市司法局", Unit.Kind.DEPARTMENT)
    reviewer = User.objects.filter(username="m_city_reviewer").first()
    if reviewer is None:
        add_user(users, "city_reviewer", justice, ["office"], "jurisdiction")
    else:
        users.city_reviewer = reviewer
    return gov


def filed(org, users) -> dict:
    """A 县政府 document filed on 2024-05-19 (征求意见 from 03-04), waiting for the city to register it."""
    city_reviewer(org, users)
    services.set_numbering_scheme(None, org.county, "测司规〔{year}〕{seq}号")
    doc = services.create_document(None, title=TITLE, issuer=org.gov, text="第一条 正文。",
                                   doc_number="测政发〔2024〕9号", written_on=START)
    doc = walk(doc, "filed", START)
    return {"pk": doc.filings.get(channel=FilingChannel.GOVERNMENT).pk, "doc": doc.pk}


def suggestion(org, users) -> dict:
    kw = filed(org, users)
    found = suggestions.submit_suggestion(Filing.objects.get(pk=kw["pk"]).document, name="张三", contact="13800000000",
                                          content="测试县矩阵审查建议：第一条与上位法不一致。", ip="10.0.0.9")
    return {"pk": found.pk}


def filing_state(org, users, kw) -> str:
    return Filing.objects.get(pk=kw["pk"]).state


FILING_CASES = [
    RouteCase("normdocs:filing_queue", "GET", make_object=filed, hidden=lambda org, users, kw: [TITLE],
              allowed="city_reviewer", denied=["office", "outsider"]),
    RouteCase("normdocs:filing_detail", "GET", make_object=filed, allowed="city_reviewer",
              denied=["outsider"]),
    RouteCase("normdocs:filing_detail", "GET", make_object=filed, allowed="office", denied=["outsider"],
              label="the filer reads its own filing"),
    # A filer cannot register (or conclude) its own filing's review: 403 for the county office.
    RouteCase("normdocs:filing_transition", "POST",
              make_object=lambda org, users: {**filed(org, users), "code": "register"},
              data={"on": "2024-05-21"}, state=filing_state,
              allowed="city_reviewer", denied=["office", "outsider"]),
    RouteCase("normdocs:suggestion_list", "GET", make_object=suggestion,
              hidden=lambda org, users, kw: ["测试县矩阵审查建议"], allowed="city_reviewer", denied=["office", "outsider"]),
    RouteCase("normdocs:suggestion_detail", "GET", make_object=suggestion, allowed="city_reviewer",
              denied=["office", "outsider"]),
    RouteCase("normdocs:suggestion_detail", "POST", make_object=suggestion, data={"reply": "经研究，已建议制定机关修改。"},
              state=lambda org, users, kw: ReviewSuggestion.objects.get(pk=kw["pk"]).state,
              allowed="city_reviewer", denied=["office", "outsider"], label="reply"),
]
