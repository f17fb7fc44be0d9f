"""`fazhi plan parse`: stdout, --out file, directories, and Chinese errors without tracebacks."""

import json

from fazhi.plans.extract.cli import main
from tests.plans.extract.helpers import minimal_pdf

PLAN = "某某市法治政府建设2025年工作要点\n一、加强执法\n1.每季度至少开展1次评查。（市司法局牵头）\n"


def test_parse_to_stdout(tmp_path, capsys):
    src = tmp_path / "p.txt"
    src.write_text(PLAN, encoding="utf-8")
    assert main(["parse", str(src)]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["schema"] == "fazhi.plan/1" and plan["period"] == {"start": 2025, "end": 2025}
    assert plan["level"] == "city" and plan["items"][1]["deadlines"][0]["freq"] == "quarterly"


def test_parse_to_file_keeps_chinese_readable(tmp_path):
    src, out = tmp_path / "p.txt", tmp_path / "out" / "p.json"
    src.write_text(PLAN, encoding="utf-8")
    assert main(["parse", str(src), "--out", str(out)]) == 0
    assert "工作要点" in out.read_text(encoding="utf-8")


def test_parse_a_directory_reports_unreadable_files(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(PLAN, encoding="utf-8")
    (src / "b.pdf").write_bytes(minimal_pdf(None))
    assert main(["parse", str(src), "--out", str(out)]) == 1
    assert (out / "a.json").exists() and not (out / "b.json").exists()
    assert "无法读取文件 b.pdf" in capsys.readouterr().err


def test_unreadable_input_exits_non_zero_with_a_message(tmp_path, capsys):
    assert main(["parse", str(tmp_path / "missing.txt")]) == 1
    err = capsys.readouterr().err
    assert "无法读取文件 missing.txt：文件不存在" in err and "Traceback" not in err


def test_directory_without_out_is_refused(tmp_path, capsys):
    assert main(["parse", str(tmp_path)]) == 2
    assert "--out" in capsys.readouterr().err
