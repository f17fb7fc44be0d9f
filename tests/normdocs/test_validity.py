"""Issue #12 point 7: 有效期至 is the last day in force; default terms; the evaluation task before expiry; 已失效."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import Notification, OperationLog
from fazhi.normdocs import services, terms
from fazhi.normdocs.models import ExpiryEvaluation, NormativeDocument, State
from fazhi.normdocs.status import status_on

D = datetime.date
EFFECTIVE = {"effective_on": D(2024, 6, 1)}  # publication on 2024-05-09 (start 2024-03-04 + 66 days)


def published(make_doc, walk, title, issuer=None, **publish):
    return walk(make_doc(title=title, issuer=issuer), State.PUBLISHED, publish={**EFFECTIVE, **publish})


def test_the_stated_last_day_is_in_force_and_the_next_is_not(make_doc, walk, client):
    doc = published(make_doc, walk, "测试县甲办法", valid_until=D(2025, 5, 31))  # "有效期至2025年5月31日"
    assert doc.valid_until == D(2025, 5, 31)
    assert status_on(doc, D(2025, 5, 31)) == "现行有效"
    assert status_on(doc, D(2025, 6, 1)) == "已失效"
    url = reverse("portal:document", args=[doc.registration_number])
    assert "现行有效" in client.get(url, {"on": "2025-05-31"}).content.decode()
    page = client.get(url).content.decode()  # today, after 2025-05-31
    assert "已失效" in page and "有效期至" in page and "2025-05-31" in page


@pytest.mark.parametrize("title, last_day", [
    ("测试县乡村道路管理办法", D(2029, 5, 31)),  # 5 years from 2024-06-01: to 2029-05-31 inclusive
    ("测试县乡村道路管理暂行办法", D(2026, 5, 31)),  # 暂行: 2 years
    ("测试县乡村道路管理试行规定", D(2026, 5, 31)),  # 试行: 2 years
])
def test_default_term_by_title_keyword(make_doc, walk, title, last_day):
    doc = published(make_doc, walk, title)
    assert doc.valid_until == last_day
    log = doc.transitions.get(action="publish")
    assert log.data["clock"]["valid_until"] == {"date": last_day.isoformat(), "default": True}


def test_default_terms_are_settings(settings):
    settings.FAZHI_NORMDOC_VALIDITY_TERMS = [("通告", 1), ("暂行", 3)]
    settings.FAZHI_NORMDOC_VALIDITY_YEARS = 4
    assert terms.default_valid_until("测试县禁放烟花爆竹通告", D(2024, 6, 1)) == D(2025, 5, 31)
    assert terms.default_valid_until("测试县某暂行办法", D(2024, 6, 1)) == D(2027, 5, 31)
    assert terms.default_valid_until("测试县某办法", D(2024, 6, 1)) == D(2028, 5, 31)
    # In force from a leap day: two years to the day before 2026-03-01.
    settings.FAZHI_NORMDOC_VALIDITY_TERMS = [("暂行", 2)]
    assert terms.default_valid_until("某暂行办法", D(2024, 2, 29)) == D(2026, 2, 28)


def test_a_last_day_before_the_effective_day_is_refused(make_doc, walk):
    doc = walk(make_doc(), State.REGISTERED)
    with pytest.raises(ValidationError, match="有效期至不能早于施行日期"):
        services.transition(None, doc, "publish", {"on": D(2024, 5, 9), **EFFECTIVE, "valid_until": D(2024, 5, 31)})


def test_evaluation_task_six_months_before_the_last_day(make_doc, walk, org, users):
    # Issued by 发改局 (its reporter drafts) and in force to 2029-05-31: the task is due 6 months before,
    # on 2028-11-30 (the corresponding day of November).
    doc = published(make_doc, walk, "测试县价格监测办法", issuer=org.reform)
    assert doc.valid_until == D(2029, 5, 31)
    assert terms.evaluation_starts(doc.valid_until) == D(2028, 11, 30)
    assert services.scan_expiring_documents(D(2028, 11, 29)).created == 0
    assert services.scan_expiring_documents(D(2028, 11, 30)).created == 1
    assert services.scan_expiring_documents(D(2028, 12, 30)).created == 0  # once per term
    evaluation = ExpiryEvaluation.objects.get()
    assert (evaluation.unit, evaluation.valid_until, evaluation.created_on) == (org.reform, D(2029, 5, 31), D(2028, 11, 30))
    notified = set(Notification.objects.filter(title__contains="有效期届满评估").values_list("recipient__username", flat=True))
    assert notified == {"t_reporter", "t_office"}  # the issuer's drafter and the county office, not 乙县
    assert OperationLog.objects.filter(action="normdoc.expiry.evaluation_created").count() == 1
    # Past its last day nothing more is created.
    assert services.scan_expiring_documents(D(2029, 6, 1)).created == 0


def test_the_daily_scan_creates_the_evaluation_tasks(make_doc, walk, org, users, capsys):
    # The kernel's one daily scan runs the scans modules declare: normative documents' is this one.
    doc = published(make_doc, walk, "测试县价格监测办法", issuer=org.reform)  # in force to 2029-05-31
    call_command("scan_deadlines", "--today", "2028-11-30")
    assert "行政规范性文件：生成有效期届满评估任务 1 件" in capsys.readouterr().out.splitlines()
    assert ExpiryEvaluation.objects.get().document == doc
    call_command("normdoc_expiry_scan", "--today", "2028-12-01")  # the module's own command: once per term
    assert capsys.readouterr().out.strip() == "生成有效期届满评估任务 0 件"


def test_the_issuer_concludes_the_evaluation(make_doc, walk, org, users, login):
    today = timezone.localdate()
    doc = published(make_doc, walk, "测试县政务服务办法", valid_until=today + datetime.timedelta(days=100))
    call_command("normdoc_expiry_scan")
    evaluation = ExpiryEvaluation.objects.get(document=doc)
    client = login(users.office)
    page = client.get(reverse("normdocs:detail", args=[doc.pk])).content.decode()
    assert "有效期届满评估" in page and "待评估" in page
    url = reverse("normdocs:expiry_conclude", args=[doc.pk, evaluation.pk])
    client.post(url, {"conclusion": "continue", "on": today.isoformat(), "note": "实施效果良好，拟重新发布。"})
    evaluation.refresh_from_db()
    assert (evaluation.conclusion, evaluation.concluded_on, evaluation.concluded_by) == ("continue", today, users.office)
    with pytest.raises(ValidationError, match="已于.*作出结论"):
        services.conclude_expiry_evaluation(users.office, evaluation, conclusion="repeal", note="改为废止")
    with pytest.raises(ValidationError, match="不在您的数据范围内"):
        services.conclude_expiry_evaluation(users.outsider, evaluation, conclusion="repeal", note="越权")


@pytest.mark.django_db(transaction=True)
def test_migration_turns_the_first_day_out_into_the_last_day_in():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = ("normdocs", "0001_initial"), ("normdocs", "0002_valid_until_fair_competition_expiry_evaluation")
    executor = MigrationExecutor(connection)
    # Only normdocs goes back: the other apps' tables (core's units with their later columns) stay current.
    core_now = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "core"]
    try:
        executor.migrate([before])
        old = executor.loader.project_state([before, *core_now]).apps
        unit = old.get_model("core", "Unit").objects.create(name="测试县司法局", kind="department", level="county",
                                                            path="9999", depth=1, numchild=0)
        document = old.get_model("normdocs", "NormativeDocument")
        dated = document.objects.create(title="甲", issuer_id=unit.pk, expires_on=D(2025, 6, 1))  # first day out
        undated = document.objects.create(title="乙", issuer_id=unit.pk)
        executor = MigrationExecutor(connection)
        executor.migrate([after])
    finally:  # never leave the worker's database behind the code, whatever failed above
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert NormativeDocument.objects.get(pk=dated.pk).valid_until == D(2025, 5, 31)
    assert NormativeDocument.objects.get(pk=undated.pk).valid_until is None
