"""The demo loads through the real services and leaves documents in every stage."""

from __future__ import annotations

import datetime
import io

from django.utils import timezone

from fazhi.normdocs.models import ExpiryEvaluation, NormativeDocument, State
from fazhi.normdocs.status import status_on


def test_demo_documents(db):
    from fazhi.core import demo as core_demo
    from fazhi.normdocs import demo

    core_demo.load(io.StringIO())
    out = io.StringIO()
    demo.load(out)
    docs = {d.title: d for d in NormativeDocument.objects.all()}
    assert len(docs) == len(demo.DOCS)
    states = {d.state for d in docs.values()}
    assert {State.DRAFTING, State.CONSULTATION, State.LEGALITY_REVIEW, State.PUBLISHED, State.FILED,
            State.FILING_REVIEW, State.RECORDED} <= states
    assert status_on(docs["陇县城市市容和环境卫生管理办法"]) == "已废止"
    assert status_on(docs["陇县农村集体经营性建设用地入市管理暂行办法"]) == "已修改"
    assert status_on(docs["宝鸡市扬尘污染防治办法"]) == "已失效"
    business = docs["陇县优化营商环境若干措施"].filings.get()
    assert business.outcome == "passed" and business.transitions.filter(action="require_correction").exists()
    # Numbers are issued in the year of registration, counted back from today (the demo is dated relative).
    today = timezone.localdate()
    manage = docs["陇县行政规范性文件管理办法"]
    assert manage.registration_number.startswith(f"陇司规〔{manage.published_on.year}〕")
    assert manage.published_on == today - datetime.timedelta(days=1400 - 66)
    assert docs["宝鸡市公共资源交易管理办法"].registration_number.startswith("BJSF-")
    assert f"已创建 {len(demo.DOCS)} 件规范性文件" in out.getvalue()
    # A 规章 of 宝鸡市 (a 设区的市) applies 30 days after publication, with the 30-day 规章 filing clock; the
    # town's internal rules record why they were not put out for comment.
    rule = docs["宝鸡市城市供水用水管理办法"]
    assert (rule.effective_on - rule.published_on).days == 31 and rule.valid_until is None
    assert (rule.filing_due_on - rule.published_on).days >= 30
    assert docs["城关镇农村人居环境整治长效管护办法"].transitions.filter(action="waive_consultation").exists()
    # 公平竞争审查 recorded for every market-related document that went to 集体审议; the 管理办法's term
    # ends within six months, so its issuer has an evaluation task.
    assert all(d.fair_competition_conclusion for d in docs.values() if d.market_related and d.state != State.DRAFTING)
    evaluation = ExpiryEvaluation.objects.get()
    assert evaluation.document.title == "陇县行政规范性文件管理办法" and evaluation.unit.name == "陇县人民政府"
    assert "有效期届满评估任务 1 件" in out.getvalue()


def test_demo_filing_queues(db, client):
    """宝鸡市司法局 reviews 陇县人民政府's filings (a mix of 按期, 临期, 逾期); 陇县 sees no review button on them."""
    from django.urls import reverse

    from fazhi.core import demo as core_demo
    from fazhi.core.models import User
    from fazhi.normdocs import demo, filings
    from fazhi.normdocs.filing_models import Filing
    from fazhi.normdocs.filing_views import _open_due, clock_status

    core_demo.load(io.StringIO())
    demo.load(io.StringIO())
    bj, lx = User.objects.get(username="bj_office"), User.objects.get(username="lx_office")
    queue = list(filings.open_filings_for_review(bj))
    assert {f.document.issuer.name for f in queue} == {"陇县人民政府"}
    today = timezone.localdate()
    statuses = {clock_status(_open_due(f), today, f.document.issuer) for f in queue}
    assert {"按期", "临期", "逾期"} <= statuses
    assert list(filings.open_filings_for_review(lx)) == []
    reviewed = Filing.objects.filter(document__issuer__name="陇县人民政府", reviewing_unit__name="宝鸡市司法局",
                                     state="reviewing")
    assert reviewed.count() == 3
    client.force_login(lx)
    for filing in reviewed:
        assert filings.allowed_for(lx, filing) == [] and filings.allowed_for(bj, filing)
        page = client.get(reverse("normdocs:filing_detail", args=[filing.pk])).content.decode()
        assert "备案审查通过" not in page and "要求纠正" not in page
