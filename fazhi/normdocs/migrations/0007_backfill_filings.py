"""Backfill one `Filing` per required recipient for documents published or filed before 0006.

Such documents carry their 备案 only on the document (state, `filing_due_on`, `filed_on`) and in old
`Review` rows of kind "filing"; without filings they have no review path and are missing from the reviewing
司法局's queue. This creates them, with states mapped from the document's state and dates.

Frozen on purpose: historical models only (`apps.get_model`) and a copy of the recipient rule as it stood at
0006 (`fazhi.normdocs.recipients.recipients_for`), so later changes to the live code cannot change what this
migration does. The historical `Unit` has no treebeard methods, so the tree is walked by `path` / `depth`.

Reversible: the rows created here carry `created_at == BACKFILLED_AT`, a fixed instant before the platform
existed that no real filing can have; the reverse deletes exactly those, never a filing made by the
workflow (the table has no free column for a marker, and a reversible no-op would leave the rows behind).
"""

import datetime

from django.db import migrations

BACKFILLED_AT = datetime.datetime(2000, 1, 1, 0, 0, 0, 7, tzinfo=datetime.UTC)
STEPLEN = 4  # treebeard's MP_Node default, which `core.Unit` uses
# 监督法（2024）第三十九条、第四十条: the 人大常委会 filing's default period, 30 natural days from publication
# (the value `filings.PEOPLE_CONGRESS` had at 0006).
PEOPLE_CONGRESS_DAYS = 30

FILED_STATES = ("filed", "filing_review", "correcting", "recorded")
BACKFILL_STATES = ("published", *FILED_STATES)


class _Tree:
    """The organisation tree at 0006, read once (a few thousand rows at most), walked by path."""

    def __init__(self, Unit):
        units = list(Unit.objects.order_by("path"))
        self.by_path = {u.path: u for u in units}
        self.by_pk = {u.pk: u for u in units}
        self.children = {}
        for unit in units:  # in path order, as `get_children().order_by("path")`
            self.children.setdefault(unit.path[:-STEPLEN], []).append(unit)

    def jurisdiction(self, unit):
        """The nearest region at or above `unit` (`Unit.jurisdiction`)."""
        for depth in range(unit.depth, 0, -1):
            found = self.by_path.get(unit.path[: depth * STEPLEN])
            if found is not None and found.kind == "region":
                return found
        return unit

    def parent_region(self, region):
        parent = self.by_path.get(region.path[:-STEPLEN]) if region.depth > 1 else None
        return parent if parent is not None and parent.kind == "region" else None

    def child(self, region, kind, suffixes=(), organ=None):
        """`recipients._child`: the first active child of `kind` (in path order) matching the name / organ."""
        for unit in self.children.get(region.path, ()):
            if (unit.kind == kind and unit.is_active and (organ is None or unit.organ == organ)
                    and (not suffixes or unit.name.endswith(suffixes))):
                return unit
        return None


def _government_recipient(tree, region, issuer):
    government = tree.child(region, "government")
    name = government.name if government else f"{region.name}人民政府"
    # The region's 司法行政部门: by its name (the tree has no attribute for it).
    reviewer = tree.child(region, "department", ("司法局", "司法厅"))
    if reviewer is not None and reviewer.pk == issuer.pk:
        reviewer = government  # a 司法局's own document: never reviewed by itself
    return ("government", name, government, reviewer or government)


def recipients(tree, issuer):
    """(channel, name, recipient unit, reviewing unit) for a 行政规范性文件 of `issuer`."""
    region = tree.jurisdiction(issuer)
    if issuer.kind != "government":
        return [_government_recipient(tree, region, issuer)]
    found = []
    upper = tree.parent_region(region)
    if upper is not None:
        found.append(_government_recipient(tree, upper, issuer))
    else:
        found.append(("government", "国务院", None, None))
    if region.level in ("province", "city", "county"):  # 乡镇 have no 人大常委会
        congress = tree.child(region, "external", organ="legislative")
        found.append(("people_congress", f"{region.name}人大常委会", congress, None))
    return found


def _fields(doc, channel, reviews):
    """A filing's state and dates from the document's (the old single 备案 was the government's)."""
    if doc.state == "published":
        due = doc.filing_due_on
        if channel == "people_congress" and doc.published_on:
            due = doc.published_on + datetime.timedelta(days=PEOPLE_CONGRESS_DAYS)
        return {"state": "pending", "due_on": due}
    sent = {"due_on": doc.filing_due_on, "sent_on": doc.filed_on}
    if channel == "people_congress":
        # The old records knew nothing of the 人大常委会's review: sent with the document, and its notified
        # outcome is for the filer to record (`record_feedback`), as for any filing sent today.
        return {"state": "sent", **sent}
    if doc.state == "filed":
        return {"state": "sent", **sent}
    # Registered on the filed date: the old records kept no registration date.
    registered = {**sent, "registered_on": doc.filed_on, "conforming": True}
    if doc.state == "filing_review":
        return {"state": "reviewing", **registered}
    latest_review = reviews[-1] if reviews else None  # reviews: the old filing reviews, oldest first
    concluded_on = latest_review.decided_on if latest_review else None
    opinion = latest_review.opinion if latest_review else ""
    if doc.state == "correcting":
        return {"state": "correcting", **registered, "outcome": "correction", "problem_found": True,
                "concluded_on": concluded_on, "opinion": opinion}
    # recorded: 备案审查通过. A problem was found if any earlier filing review asked for more than 通过.
    problem = any(r.outcome != "passed" for r in reviews)
    return {"state": "passed", **registered, "outcome": "passed", "problem_found": problem,
            "concluded_on": concluded_on, "opinion": opinion}


def backfill(apps, schema_editor):
    NormativeDocument = apps.get_model("normdocs", "NormativeDocument")
    Filing = apps.get_model("normdocs", "Filing")
    Review = apps.get_model("normdocs", "Review")
    # A 规章 is skipped: its bodies (立法法 art. 109: 国务院, 本级人大常委会, for a 设区的市 also the 省政府 and
    # 省人大常委会) follow a different rule than the one frozen here, and 规章 are filed under 法规规章备案审查条例
    # outside this module's normative-document flow (`regulations.regulation_recipients`, which would have to be
    # frozen too). A 规章 still to be sent gets its filings from `filings.send_pending` at 报送备案; one
    # already filed keeps its old record on the document.
    # Idempotent: a document with any filing (made by the workflow, or by an earlier run) is left alone.
    pending = (NormativeDocument.objects.filter(state__in=BACKFILL_STATES).exclude(doc_type="rule")
               .exclude(filings__isnull=False))
    docs = list(pending.order_by("pk"))
    if not docs:
        return
    tree = _Tree(apps.get_model("core", "Unit"))
    reviews = {}
    for review in Review.objects.filter(kind="filing", document__in=pending).order_by("decided_on", "id"):
        reviews.setdefault(review.document_id, []).append(review)
    rows = []
    for doc in docs:
        issuer = tree.by_pk[doc.issuer_id]
        for channel, name, unit, reviewer in recipients(tree, issuer):
            rows.append(Filing(document_id=doc.pk, channel=channel, recipient_name=name,
                               recipient_id=unit.pk if unit else None,
                               reviewing_unit_id=reviewer.pk if reviewer else None,
                               created_at=BACKFILLED_AT, **_fields(doc, channel, reviews.get(doc.pk, []))))
    Filing.objects.bulk_create(rows, batch_size=500)


def unbackfill(apps, schema_editor):
    apps.get_model("normdocs", "Filing").objects.filter(created_at=BACKFILLED_AT).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0005_unit_organ_enforcement_powers"),
        ("normdocs", "0006_filings_per_recipient_and_review_suggestions"),
    ]

    operations = [migrations.RunPython(backfill, unbackfill)]
