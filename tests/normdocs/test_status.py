"""status_on: validity as at any date, derived from the dates and the relations (never a stored flag)."""

from __future__ import annotations

import datetime

from fazhi.normdocs import services
from fazhi.normdocs.models import RelationKind, State
from fazhi.normdocs.status import status_on

D = datetime.date


def published(make_doc, walk, title, start, **publish):
    return walk(make_doc(title=title), State.PUBLISHED, start=start, publish=publish)


def test_a_draft_is_not_yet_in_force(make_doc):
    assert status_on(make_doc(), D(2030, 1, 1)) == "尚未施行"


def test_in_force_from_its_effective_date_until_it_expires(make_doc, walk):
    # Published 2024-05-09 (start + 66 days), in force from 06-01 "有效期至2025年5月31日": the last day
    # in force is 2025-05-31 itself; it lapses on 06-01.
    doc = published(make_doc, walk, "甲办法", D(2024, 3, 4), effective_on=D(2024, 6, 1), valid_until=D(2025, 5, 31))
    assert doc.published_on == D(2024, 5, 9)
    assert status_on(doc, D(2024, 5, 20)) == "尚未施行"
    assert status_on(doc, D(2024, 6, 1)) == "现行有效"
    assert status_on(doc, D(2025, 5, 31)) == "现行有效"
    assert status_on(doc, D(2025, 6, 1)) == "已失效"


def test_repealed_by_a_later_document_from_the_day_that_one_takes_effect(make_doc, walk):
    old = published(make_doc, walk, "旧办法", D(2023, 1, 2))
    new = walk(make_doc(title="新办法"), State.REGISTERED, start=D(2024, 3, 4))
    # The relation exists before the repealing document is published: it has no effect yet.
    services.add_relation(None, new, kind=RelationKind.REPEALS, target=old)
    assert status_on(old, D(2024, 12, 31)) == "现行有效"
    new = services.transition(None, new, "publish", {"on": D(2024, 5, 9), "doc_number": "测政发〔2024〕2号",
                                                     "effective_on": D(2024, 6, 1)})
    old.refresh_from_db()
    assert status_on(old, D(2024, 5, 31)) == "现行有效"
    assert status_on(old, D(2024, 6, 1)) == "已废止"
    assert status_on(old, D(2023, 6, 1)) == "现行有效"  # history is not rewritten


def test_amended_by_a_decision_keeps_the_old_text_for_earlier_dates(make_doc, walk):
    doc = published(make_doc, walk, "乙办法", D(2023, 1, 2))
    decision = published(make_doc, walk, "关于修改《乙办法》的决定", D(2024, 3, 4))
    services.amend_document(None, doc, text="修改后的全文", version_date=decision.effective_on,
                            change_note="根据修改决定", amended_by=decision)
    assert status_on(doc, decision.effective_on - datetime.timedelta(days=1)) == "现行有效"
    assert status_on(doc, decision.effective_on) == "已修改"
    assert doc.version_on(D(2023, 12, 31)).number == 1
    assert doc.version_on(decision.effective_on).text == "修改后的全文"
    assert doc.incoming_relations.filter(kind=RelationKind.AMENDS, source=decision).exists()


def test_repealed_by_a_cleanup_decision(make_doc, walk, org):
    doc = published(make_doc, walk, "丙办法", D(2023, 1, 2))
    campaign = services.create_cleanup(None, title="2024年规范性文件清理", region=org.county, documents=[doc])
    services.decide_cleanup_item(None, campaign.items.get(), "repeal", "上位法已废止")
    services.publish_cleanup(None, campaign, D(2024, 10, 1))
    doc.refresh_from_db()
    assert status_on(doc, D(2024, 9, 30)) == "现行有效"
    assert status_on(doc, D(2024, 10, 1)) == "已废止"


def test_repeal_wins_over_expiry_once_both_apply(make_doc, walk, org):
    doc = published(make_doc, walk, "丁办法", D(2023, 1, 2), valid_until=D(2023, 12, 31))
    campaign = services.create_cleanup(None, title="清理", region=org.county, documents=[doc])
    services.decide_cleanup_item(None, campaign.items.get(), "repeal", "已过有效期")
    services.publish_cleanup(None, campaign, D(2024, 6, 1))
    doc.refresh_from_db()
    assert status_on(doc, D(2024, 2, 1)) == "已失效"
    assert status_on(doc, D(2024, 6, 1)) == "已废止"
