"""contracts 0006: milestones and promises move onto the kernel's dated-deadline scan. Rows written with the
old reminder dates come out with the contract's unit, a warning date 5 working days before their date (counted
over the holidays) and the state their reminders had reached; a downgrade gives the reminder dates back."""

from __future__ import annotations

import datetime

import pytest

from tests.contracts.test_contracts import signed
from tests.migrating import leaves, migrate

OLD = [("contracts", "0005_postgresql_sort_indexes")]
D = datetime.date


@pytest.mark.django_db(transaction=True)
def test_reminder_dates_become_deadline_states_and_come_back(org, users):
    contract = signed(org, users)
    old = migrate(OLD)
    Milestone, Commitment = old.get_model("contracts", "Milestone"), old.get_model("contracts", "Commitment")
    # Due 2026-10-08: 5 working days before are 09-30, 09-29, 09-28, [中秋 09-25 and the weekend], 09-24, 09-23.
    told = Milestone.objects.create(contract_id=contract.pk, label="路灯安装", due_on=D(2026, 10, 8),
                                    warned_on=D(2026, 9, 23), overdue_notified_on=D(2026, 10, 9))
    done = Milestone.objects.create(contract_id=contract.pk, label="验收", due_on=D(2026, 10, 8),
                                    done_on=D(2026, 10, 1), warned_on=D(2026, 9, 23))
    fresh = Milestone.objects.create(contract_id=contract.pk, label="移交", due_on=D(2026, 10, 8))
    # Due 2026-10-12: 10-10 (调休 Saturday), 10-09, 10-08, [国庆 10-01…10-07], 09-30, 09-29.
    promise = Commitment.objects.create(unit_id=org.reform.pk, title="租金减免", content="免租", beneficiary="某公司",
                                        promised_on=D(2026, 9, 1), due_on=D(2026, 10, 12), warned_on=D(2026, 9, 29))

    new = migrate(leaves())
    Milestone, Commitment = new.get_model("contracts", "Milestone"), new.get_model("contracts", "Commitment")
    rows = {m.label: (m.unit_id, m.warn_on, m.state) for m in Milestone.objects.all()}
    assert rows == {"路灯安装": (org.reform.pk, D(2026, 9, 23), "overdue"), "验收": (org.reform.pk, D(2026, 9, 23), "closed"),
                    "移交": (org.reform.pk, D(2026, 9, 23), "open")}
    assert (Commitment.objects.get(pk=promise.pk).warn_on, Commitment.objects.get(pk=promise.pk).deadline_state) == (
        D(2026, 9, 29), "due_soon")

    old = migrate(OLD)
    Milestone = old.get_model("contracts", "Milestone")
    assert (Milestone.objects.get(pk=told.pk).warned_on, Milestone.objects.get(pk=told.pk).overdue_notified_on) == (
        D(2026, 9, 23), D(2026, 10, 9))
    assert Milestone.objects.get(pk=fresh.pk).warned_on is None and Milestone.objects.get(pk=done.pk).done_on
    assert old.get_model("contracts", "Commitment").objects.get(pk=promise.pk).warned_on == D(2026, 9, 29)
    migrate(leaves())
