"""The 上位法 library: import (versions, supersession, idempotence, refusals), indexing, command, demo."""

import gzip
import io
import itertools
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from fazhi.core.models import OperationLog
from fazhi.search import demo, services
from fazhi.search.backend import SearchQuery, search
from fazhi.search.laws import event_date
from fazhi.search.models import Law

pytestmark = pytest.mark.django_db

CORPUS = services.DEFAULT_CORPUS


def law(id, title, version="", subtitle="", events=(), text="第一条 为了规范行政处罚，制定本法。"):
    return {
        "id": id,
        "title": title,
        "subtitle": subtitle,
        "category": "行政法",
        "province": "",
        "version": version,
        "events": list(events),
        "text": text,
    }


def write(path: Path, records) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for r in records:
            handle.write((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n")
    return path


@pytest.fixture
def corpus(tmp_path):
    return write(
        tmp_path / "laws.jsonl.gz",
        [
            law("a1", "中华人民共和国行政复议法", "2017-09-01", text="第一条 旧法。申请行政复议。"),
            law("a2", "中华人民共和国行政复议法", "2023-09-01", text="第一条 新法。申请行政复议，听证。"),
            law("b0", "某条例", "", events=["2001年3月5日 国务院令第1号公布"]),  # undated: older than 2010
            law("b1", "某条例", "2010-01-01"),
            law("c1", "中华人民共和国民法典", "2020-05-28", subtitle="总则"),
            law("c2", "中华人民共和国民法典", "2020-05-28", subtitle="物权编"),
        ],
    )


def test_import_marks_older_versions_superseded_and_indexes_every_law(corpus):
    summary = services.import_laws(corpus)
    assert (summary.created, summary.superseded, summary.indexed) == (6, 2, 6)
    assert Law.objects.get(pk="a1").superseded_by_id == "a2"
    assert Law.objects.get(pk="a2").status == Law.IN_FORCE
    assert Law.objects.get(pk="b0").superseded_by_id == "b1"
    assert str(Law.objects.get(pk="b0").version) == "2001-03-05"  # from the events when the file has none
    assert not Law.objects.filter(
        pk__in=["c1", "c2"], superseded_by__isnull=False
    ).exists()  # parts, not versions
    in_force = search(SearchQuery(text="行政復議", kinds=["law"], filters={"status": "现行有效"}))
    assert [h.key for h in in_force.hits] == ["law:a2"]
    hit = in_force.hits[0]
    assert (hit.kind, hit.issuer, hit.url, hit.title_match) == ("law", "行政法", "/portal/law/a2/", True)
    old = search(SearchQuery(text="旧法", filters={"status": "已被修订"}))
    assert [h.key for h in old.hits] == ["law:a1"]
    assert search(SearchQuery(text="物权编")).hits[0].title == "中华人民共和国民法典 物权编"
    assert OperationLog.objects.filter(action="search.import_laws").count() == 1


def test_reimport_is_idempotent_and_updates_what_changed(corpus, tmp_path):
    services.import_laws(corpus)
    again = services.import_laws(corpus)
    assert (again.created, again.updated, again.unchanged, again.indexed) == (0, 0, 6, 0)
    changed = write(
        tmp_path / "v2.jsonl.gz",
        [
            law("a2", "中华人民共和国行政复议法", "2023-09-01", text="第一条 更正后的文本。"),
            law("a3", "中华人民共和国行政复议法", "2024-01-01"),
        ],
    )
    summary = services.import_laws(changed)
    assert (summary.created, summary.updated) == (1, 1)
    assert Law.objects.get(pk="a2").superseded_by_id == "a3"
    only_newer = write(tmp_path / "v3.jsonl.gz", [law("b2", "某条例", "2020-01-01", text="第一条 最新。")])
    services.import_laws(only_newer)  # a file with only the newest version still supersedes the loaded one
    assert Law.objects.get(pk="b1").superseded_by_id == "b2"
    assert search(SearchQuery(text="某条例", filters={"status": "现行有效"})).hits[0].key == "law:b2"
    assert search(SearchQuery(text="更正后", filters={"status": "已被修订"})).total == 1
    assert search(SearchQuery(text="听证")).total == 0
    assert Law.objects.count() == 8


@pytest.mark.parametrize(
    "bad, message",
    [
        ("{not json", "第3行不是有效的 JSON"),
        (json.dumps({"id": "", "title": "无编号"}), "第3行缺少 id 或 title"),
        (json.dumps(law("x1", "重复")), "编号 x1 重复出现"),
    ],
)
def test_a_bad_line_refuses_the_whole_file(tmp_path, bad, message):
    path = write(tmp_path / "bad.jsonl.gz", [law("x1", "甲法"), law("x2", "乙法"), bad])
    with pytest.raises(ValidationError) as exc:
        services.import_laws(path)
    assert message in exc.value.messages[0]
    assert Law.objects.count() == 0
    assert search(SearchQuery(text="法")).total == 0


def test_plain_json_lines_are_read_too(tmp_path):
    path = tmp_path / "laws.jsonl"
    path.write_text(json.dumps(law("p1", "丙法"), ensure_ascii=False) + "\n\n", encoding="utf-8")
    assert services.import_laws(path).created == 1


def test_event_date_is_the_latest_date_named():
    assert (
        str(event_date(["2001年3月5日 公布", "根据2019年4月23日 决定修正", "2020年13月1日"])) == "2019-04-23"
    )
    assert event_date([]) is None


def test_command_reports_progress_and_a_missing_file(corpus, tmp_path):
    out = io.StringIO()
    call_command("import_laws", str(corpus), stdout=out)
    assert "索引 6/6" in out.getvalue() and "新增 6" in out.getvalue()
    with pytest.raises(CommandError, match="找不到法律法规库文件"):
        call_command("import_laws", str(tmp_path / "none.jsonl.gz"))
    with pytest.raises(CommandError, match="第1行不是有效的 JSON"):
        call_command("import_laws", str(write(tmp_path / "bad.jsonl.gz", ["{"])))


def test_demo_skips_a_missing_corpus(monkeypatch, tmp_path):
    monkeypatch.setattr(services, "DEFAULT_CORPUS", tmp_path / "none.jsonl.gz")
    out = io.StringIO()
    demo.load(out)
    assert "跳过上位法导入" in out.getvalue()
    assert Law.objects.count() == 0


@pytest.mark.skipif(not CORPUS.is_file(), reason="the shared law corpus is not mounted")
def test_real_corpus_sample(tmp_path):
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        lines = list(itertools.islice(handle, 150))
    path = write(tmp_path / "sample.jsonl.gz", lines)
    summary = services.import_laws(path)
    assert summary.created == 150
    first = json.loads(lines[0])
    result = search(SearchQuery(text=first["title"], kinds=["law"], filters={}))
    assert f"law:{first['id']}" in [h.key for h in result.hits]
    assert result.hits[0].title_match
