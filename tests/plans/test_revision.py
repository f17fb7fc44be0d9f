"""Re-importing a revised plan: what changed, and the new version superseding the old."""

import copy

import pytest
from django.core.exceptions import ValidationError

from fazhi.plans import services
from fazhi.plans.diff import char_diff, diff_plan
from fazhi.plans.models import Plan


@pytest.fixture
def current(staged, users):
    services.leave_unresolved(users.office, staged, "县综合执法局")
    return services.confirm_import(users.office, staged)


@pytest.fixture
def revised(sample):
    doc = copy.deepcopy(sample)
    items = doc["items"]
    # A new item inserted as 一 1: the old 1 and 2 become 2 and 3 (renumbered, not removed).
    new_first = copy.deepcopy(items[1])
    new_first.update(path=["一", "1"], text="全面推行行政执法公示制度、执法全过程记录制度。(县司法局牵头)",
                     lead_units=["县司法局"], cooperating_units=[], responsible_units=[], deadlines=[], targets=[])
    items[1]["path"] = ["一", "2"]
    items[2]["path"] = ["一", "3"]
    items[2]["text"] = items[2]["text"].replace("98%", "99%")
    items[2]["targets"][0]["value"] = 99
    items[1]["lead_units"] = ["县发改局"]
    items[1]["deadlines"][0]["date"] = "2024-09-30"
    del items[4]  # 二 (一) removed
    items.insert(1, new_first)
    return doc


def test_same_title_is_detected_as_a_revision(current, users, org, revised):
    staging = services.stage_extraction(users.office, jurisdiction=org.county, extraction=revised)
    assert staging.revises == current


def test_diff_matches_by_path_and_similarity(current, revised):
    from fazhi.plans import staging as ops

    document, _ = ops.keyed(revised)
    diff = diff_plan(current, document)
    kinds = [(e.kind, e.item.display_path) for e in diff.entries]
    assert kinds == [
        ("unchanged", "一"), ("added", "一 1"), ("changed", "一 2"), ("changed", "一 3"),
        ("unchanged", "二"), ("removed", "二 (一)"),
    ]
    renumbered = diff.entries[2]
    assert "编号：一 1 → 一 2" in renumbered.changes
    assert "牵头单位：+县发改局，−县司法局" in renumbered.changes
    assert any(c.startswith("时限：+") and "2024-09-30" in c for c in renumbered.changes)
    edited = diff.entries[3]
    assert edited.changes[0] == "内容有修改"
    assert ("delete", "8") in edited.text_diff and ("insert", "9") in edited.text_diff
    assert any(c.startswith("量化指标") and "99" in c for c in edited.changes)
    assert (diff.added, diff.removed, diff.changed, diff.unchanged) == (1, 1, 2, 2)


def test_char_diff_segments():
    assert char_diff("达到98%以上", "达到99%以上") == [
        ("equal", "达到9"), ("delete", "8"), ("insert", "9"), ("equal", "%以上")]


def test_confirm_supersedes_and_old_version_stays_readable(current, users, org, revised):
    staging = services.stage_extraction(users.office, jurisdiction=org.county, extraction=revised)
    new = services.confirm_import(users.office, staging)
    current.refresh_from_db()
    assert new.supersedes == current and not current.is_current and new.is_current
    assert current.items.count() == 5 and new.items.count() == 5
    # The old version cannot be revised again.
    again = services.stage_extraction(users.office, jurisdiction=org.county, extraction=revised)
    assert again.revises == new
    with pytest.raises(ValidationError, match="已被新版本取代"):
        services.set_links(users.office, again, upper_plan=None, revises=current)


def test_revision_chosen_by_hand_must_be_same_jurisdiction(current, users, org, revised, make_user):
    city_office = make_user("c_office", org.city, ["office"], "jurisdiction")
    with pytest.raises(ValidationError, match="同一行政区"):
        services.stage_extraction(city_office, jurisdiction=org.city, extraction=revised, revises=current)
    assert Plan.objects.count() == 1
