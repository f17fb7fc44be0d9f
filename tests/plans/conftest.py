"""Fixtures of the plan-import tests: a small extracted plan for 测试县 in the `fazhi.plan/1` shape."""

from __future__ import annotations

import copy

import pytest


def _item(path, text="", title=None, lead=(), cooperating=(), responsible=(), deadlines=(), targets=()):
    return {
        "path": list(path), "title": title, "implicit": False, "text": text,
        "lead_units": list(lead), "cooperating_units": list(cooperating), "responsible_units": list(responsible),
        "deadlines": list(deadlines), "targets": list(targets),
    }


SAMPLE = {
    "schema": "fazhi.plan/1",
    "source": "sample.txt",
    "title": "测试县法治政府建设工作要点",
    "issuer": ["测试县人民政府办公室"],
    "doc_number": "测政办发〔2024〕1号",
    "issued_on": "2024-03-01",
    "region": "测试县",
    "level": "county",
    "period": {"start": 2024, "end": 2024},
    "items": [
        _item(["一"], title="加强制度建设"),
        _item(
            ["一", "1"],
            "完善规范性文件备案审查制度，2024年6月底前完成清理。每季度至少开展1次检查。"
            "(县司法局牵头，县发改局配合，各镇按职责分工负责)",
            lead=["县司法局"], cooperating=["县发改局"], responsible=["各镇"],
            deadlines=[
                {"text": "2024年6月底前", "kind": "due", "date": "2024-06-30"},
                {"text": "每季度至少开展1次", "kind": "recurring", "freq": "quarterly", "times": 1, "by": None},
            ],
        ),
        _item(
            ["一", "2"],
            "提升执法质量，行政执法案件合格率达到98%以上。(县综合执法局负责)",
            responsible=["县综合执法局"],
            targets=[{"text": "行政执法案件合格率达到98%以上", "indicator": "行政执法案件合格率", "op": ">=",
                      "value": 98, "unit": "%", "per": None, "by": None}],
        ),
        _item(["二"], title="强化监督"),
        _item(["二", "(一)"], "健全行政复议体制，办案质量明显提升。(司法局牵头)", lead=["司法局"]),
    ],
}


@pytest.fixture
def sample():
    return copy.deepcopy(SAMPLE)


@pytest.fixture
def staged(users, org, sample):
    """The sample staged by the 测试县 office."""
    from fazhi.plans import services

    return services.stage_extraction(users.office, jurisdiction=org.county, extraction=sample,
                                     source_name="sample.txt")
