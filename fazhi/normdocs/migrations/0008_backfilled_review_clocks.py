"""Give the filings 0007 backfilled "under review" (审查中) their 备案审查 clock, from their registration date.

0007 registered such a filing on the document's 报送备案 date (the old records kept no registration date)
but started no clock, so it had no 审查期限, never turned 临期 / 逾期 and was missing from the reviewers'
deadline counts. Here each gets the clock the 登记 step would have started on that date: the review period
in force for the issuer's jurisdiction (its nearest region's override, else the platform's, else the
default of 60 natural days, rolled over a holiday), counted by the deadline engine over the working-day
table, held by the reviewing unit (whose users the scan tells). A filing without a registration date gets
none (no day to count from). Other backfilled states need no clock: 待报送 / 已报送 wait for 登记, which
starts it; 已通过 is concluded; 纠正中 keeps its old record (0007 kept no date the 纠正 period runs from).

Frozen: historical models and the rule as it stood (code, default, unit); the deadline engine is the
Django-free `fazhi.deadlines`. Backwards: these clocks go and the filings lose the 审查期限 set here.
"""

import datetime

from django.db import migrations

BACKFILLED_AT = datetime.datetime(2000, 1, 1, 0, 0, 0, 7, tzinfo=datetime.UTC)  # 0007's marker
WORKFLOW, KIND, RULE = "normdoc_filing", "review", "normdoc.filing_review"
DEFAULT = (60, "ND", True)  # filings.TIME_LIMITS at 0007: 参照法规规章备案审查条例第十一条
STEPLEN = 4
MARK = "备案登记（补录）"
UNIT_TEXT = {"WD": "个工作日", "ND": "日", "M": "个月"}


def _calendar(apps):
    from fazhi import deadlines

    days = apps.get_model("core", "CalendarDay").objects.values_list("date", "day_type", "note")
    years = apps.get_model("core", "CalendarYear").objects.values_list("year", flat=True)
    return deadlines.Calendar(deadlines.DictDayTypeSource(list(days), list(years)))


def _rule_for(issuer, regions, overrides):
    """(count, unit, roll_over) in force for `issuer`: the nearest region's row, the platform's, the default."""
    for depth in range(issuer.depth, 0, -1):
        region = regions.get(issuer.path[: depth * STEPLEN])
        if region is not None and region.pk in overrides:
            return overrides[region.pk]
    return overrides.get(None, DEFAULT)


def start_clocks(apps, schema_editor):
    from fazhi import deadlines

    filing_model = apps.get_model("normdocs", "Filing")
    clock_model = apps.get_model("workflow", "CaseClock")
    filings = list(filing_model.objects.filter(created_at=BACKFILLED_AT, state="reviewing", registered_on__isnull=False,
                                               review_due_on__isnull=True).select_related("document__issuer"))
    if not filings:
        return
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="normdocs", model="filing")
    has = set(clock_model.objects.filter(content_type=content_type, kind=KIND).values_list("object_id", flat=True))
    unit_model = apps.get_model("core", "Unit")
    regions = {u.path: u for u in unit_model.objects.filter(kind="region")}
    overrides = {row.jurisdiction_id: (row.count, row.unit, row.roll_over)
                 for row in apps.get_model("workflow", "TimeLimit").objects.filter(code=RULE)}
    calendar = _calendar(apps)
    add = {"WD": lambda start, n, roll: deadlines.add_working_days(calendar, start, n),
           "ND": lambda start, n, roll: deadlines.add_natural_days(calendar, start, n, roll_over=roll),
           "M": lambda start, n, roll: deadlines.add_months(calendar, start, n, roll_over=roll)}
    rows = []
    for filing in filings:
        if filing.pk in has:
            continue
        count, unit, roll_over = _rule_for(filing.document.issuer, regions, overrides)
        due = add[unit](filing.registered_on, count, roll_over)
        filing.review_due_on = due.date
        rows.append(clock_model(
            workflow=WORKFLOW, kind=KIND, content_type=content_type, object_id=filing.pk,
            unit_id=filing.reviewing_unit_id or filing.document.issuer_id,
            title=f"《{filing.document.title}》报{filing.recipient_name}备案"[:300],
            link=f"/normdocs/filings/{filing.pk}/", rule_code=RULE,
            rule_text=f"{count}{UNIT_TEXT[unit]}", state="running",
            started_on=filing.registered_on, due_on=due.date, provisional=due.provisional,
            trace=due.explain().splitlines(),
            events=[{"kind": "start", "at": filing.registered_on.isoformat(), "by": "系统", "reason": MARK,
                     "days": None}],
        ))
    clock_model.objects.bulk_create(rows, batch_size=500)
    filing_model.objects.bulk_update([f for f in filings if f.review_due_on], ["review_due_on"], batch_size=500)


def remove_clocks(apps, schema_editor):
    clock_model = apps.get_model("workflow", "CaseClock")
    mine = clock_model.objects.filter(workflow=WORKFLOW, kind=KIND, events__0__reason=MARK)
    ids = list(mine.values_list("object_id", flat=True))
    mine.delete()
    apps.get_model("normdocs", "Filing").objects.filter(pk__in=ids, state="reviewing").update(review_due_on=None)


class Migration(migrations.Migration):

    dependencies = [
        ("normdocs", "0007_backfill_filings"),
        ("workflow", "0006_month_unit_and_step_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(start_clocks, remove_clocks)]
