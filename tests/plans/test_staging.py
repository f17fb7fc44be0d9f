"""Corrections to a staged plan: the pure document operations and the services that store them."""

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.models import OperationLog
from fazhi.plans import services
from fazhi.plans import staging as ops
from fazhi.plans.models import PlanImport


@pytest.fixture
def doc(sample):
    document, _ = ops.keyed(sample)
    return document


def paths(document):
    return [" ".join(item["path"]) for item in document["items"]]


def test_keyed_gives_every_item_a_stable_key(sample):
    document, next_key = ops.keyed(sample)
    assert [i["key"] for i in document["items"]] == [1, 2, 3, 4, 5]
    assert next_key == 6
    assert "key" not in sample["items"][0]  # the engine's output is left as it came
    assert "key" not in ops.without_keys(document)["items"][0]


def test_split_moves_units_and_deadlines_with_their_text(doc):
    text = doc["items"][1]["text"]
    at = text.index("每季度")
    result = ops.split_item(doc, 2, at, "1-2", next_key=6)
    assert paths(result) == ["一", "一 1", "一 1-2", "一 2", "二", "二 (一)"]
    first, second = result["items"][1], result["items"][2]
    assert first["text"].endswith("完成清理。") and second["text"].startswith("每季度")
    assert [d["text"] for d in first["deadlines"]] == ["2024年6月底前"]
    assert [d["text"] for d in second["deadlines"]] == ["每季度至少开展1次"]
    # The closing parenthesis with the units is in the second part.
    assert second["lead_units"] == ["县司法局"] and first["lead_units"] == []
    assert second["key"] == 6 and second["implicit"] is True
    assert doc["items"][1]["text"] == text  # the input is not touched


def test_split_refuses_a_taken_label_and_bad_positions(doc):
    with pytest.raises(ValidationError, match="已被其他条目使用"):
        ops.split_item(doc, 2, 5, "2", next_key=6)  # 一 2 exists
    with pytest.raises(ValidationError, match="中间"):
        ops.split_item(doc, 2, 0, "9", next_key=6)
    with pytest.raises(ValidationError, match="编号"):
        ops.split_item(doc, 2, 5, " ", next_key=6)


def test_split_goes_after_the_children_of_the_item(doc):
    doc["items"][3]["text"] = "强化监督，第一部分。第二部分。"
    result = ops.split_item(doc, 4, doc["items"][3]["text"].index("第二"), "三", next_key=6)
    assert paths(result) == ["一", "一 1", "一 2", "二", "二 (一)", "三"]


def test_merge_into_previous_joins_text_and_units(doc):
    result = ops.merge_into_previous(doc, 3)
    assert paths(result) == ["一", "一 1", "二", "二 (一)"]
    merged = result["items"][1]
    assert merged["text"].endswith("(县综合执法局负责)")
    assert merged["responsible_units"] == ["各镇", "县综合执法局"]
    assert len(merged["targets"]) == 1 and len(merged["deadlines"]) == 2


def test_merge_moves_children_under_the_previous_item(doc):
    result = ops.merge_into_previous(doc, 4)  # 二 into 一 2; 二 (一) becomes 一 2 (一)
    assert paths(result) == ["一", "一 1", "一 2", "一 2 (一)"]
    assert "强化监督" in result["items"][2]["text"]
    assert ops.parent_indexes(result["items"]) == [None, 0, 0, 2]


def test_merge_refuses_the_first_item(doc):
    with pytest.raises(ValidationError, match="第一个条目"):
        ops.merge_into_previous(doc, 1)


def test_add_and_remove_units(doc):
    result = ops.add_unit(doc, 3, "lead", " 县司法局 ")
    assert result["items"][2]["lead_units"] == ["县司法局"]
    with pytest.raises(ValidationError, match="已经是"):
        ops.add_unit(result, 3, "lead", "县司法局")
    result = ops.remove_unit(result, 3, "responsible", "县综合执法局")
    assert result["items"][2]["responsible_units"] == []
    with pytest.raises(ValidationError, match="没有"):
        ops.remove_unit(result, 3, "responsible", "县综合执法局")
    with pytest.raises(ValidationError, match="角色"):
        ops.add_unit(doc, 3, "boss", "县司法局")


def test_correct_deadline_dates(doc):
    result = ops.correct_deadline(doc, 2, 0, "2024-07-31")
    assert result["items"][1]["deadlines"][0] == {
        "text": "2024年6月底前", "kind": "due", "date": "2024-07-31", "corrected": True}
    result = ops.correct_deadline(result, 2, 1, "03-31")
    assert result["items"][1]["deadlines"][1]["by"] == "03-31"
    with pytest.raises(ValidationError, match="有效日期"):
        ops.correct_deadline(doc, 2, 0, "2024-02-30")
    with pytest.raises(ValidationError, match="月-日"):
        ops.correct_deadline(doc, 2, 1, "2024-03-31")
    with pytest.raises(ValidationError, match="找不到该时限"):
        ops.correct_deadline(doc, 2, 5, "2024-03-31")


def test_edit_item_text_and_title(doc):
    result = ops.edit_item(doc, 1, title="加强制度建设。", text="")
    assert result["items"][0]["title"] == "加强制度建设"
    with pytest.raises(ValidationError, match="不能都为空"):
        ops.edit_item(doc, 1, title="", text=" ")


def test_suggest_label(doc):
    assert ops.suggest_label(doc, 3) == "3"
    assert ops.suggest_label(doc, 2) == "1-2"  # 2 is taken
    assert ops.suggest_label(doc, 5) == "(二)"
    assert ops.suggest_label(doc, 1) == "一-2"  # 二 is taken


def test_set_fields(doc):
    result = ops.set_fields(doc, {"title": " 新标题 ", "issuer": ["甲", " "], "period": (2024, 2026),
                                  "doc_number": "", "level": "county"})
    assert result["title"] == "新标题" and result["issuer"] == ["甲"] and result["doc_number"] is None
    assert result["period"] == {"start": 2024, "end": 2026}
    with pytest.raises(ValidationError, match="不能晚于"):
        ops.set_fields(doc, {"period": (2026, 2024)})


# ------------------------------------------------------------------------------------------- services

def test_services_store_edits_and_log_them(staged, users):
    services.split_item(users.office, staged, 2, staged.document["items"][1]["text"].index("每季度"), "3")
    staged.refresh_from_db()
    assert staged.next_key == 7 and len(staged.document["items"]) == 6
    services.merge_item(users.office, staged, 6)
    services.add_unit(users.office, staged, 3, "cooperating", "县发改局")
    services.correct_deadline(users.office, staged, 2, 0, "2024-09-30")
    services.edit_item(users.office, staged, 1, title="加强依法行政制度建设", text="")
    staged.refresh_from_db()
    items = staged.document["items"]
    assert len(items) == 5 and items[0]["title"] == "加强依法行政制度建设"
    assert items[1]["deadlines"][0]["date"] == "2024-09-30"
    assert items[2]["cooperating_units"] == ["县发改局"]
    actions = list(OperationLog.objects.filter(object_type="plans.planimport").values_list("action", flat=True))
    assert sorted(actions) == sorted([
        "plan_import.create", "plan_import.split_item", "plan_import.merge_item", "plan_import.add_unit",
        "plan_import.correct_deadline", "plan_import.edit_item"])


def test_a_failed_edit_changes_nothing(staged, users):
    before = staged.document
    with pytest.raises(ValidationError):
        services.correct_deadline(users.office, staged, 2, 0, "不是日期")
    staged.refresh_from_db()
    assert staged.document == before


def test_no_edits_after_confirm_or_discard(staged, users):
    services.discard_import(users.office, staged)
    with pytest.raises(ValidationError, match="已放弃"):
        services.edit_item(users.office, staged, 1, title="x", text="")
    assert PlanImport.objects.get(pk=staged.pk).status == "discarded"


def test_staging_refuses_a_document_without_items(users, org, sample):
    sample["items"] = []
    with pytest.raises(ValidationError, match="没有从文件中识别出任何编号条目"):
        services.stage_extraction(users.office, jurisdiction=org.county, extraction=sample)
    assert not PlanImport.objects.exists()


def test_staging_refuses_a_jurisdiction_outside_the_scope(users, org, sample):
    with pytest.raises(ValidationError, match="不在您的数据范围内"):
        services.stage_extraction(users.office, jurisdiction=org.other_county, extraction=sample)
    with pytest.raises(ValidationError, match="必须是行政区"):
        services.stage_extraction(users.office, jurisdiction=org.justice, extraction=sample)
