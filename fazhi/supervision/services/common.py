"""What every supervision verb shares: the jurisdiction's settings, permission checks, the state-change
record (the kernel's transition log) and in-app / e-mail notifications."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from fazhi.core import calendar, oplog
from fazhi.core import capabilities as cap
from fazhi.core import services as core_services
from fazhi.core.models import Role, Unit, User
from fazhi.core.notifiers import notify  # noqa: F401 — the package's verbs use it from here
from fazhi.core.permissions import require, require_sees  # noqa: F401 — re-exported for the package
from fazhi.core.scopes import user_sees_unit
from fazhi.supervision.models import (
    Milestone,
    SupervisionSettings,
)
from fazhi.workflow import steplog


def settings_for(jurisdiction: Unit | None) -> SupervisionSettings:
    """The jurisdiction's settings row, else the platform default row, else the built-in defaults."""
    if jurisdiction is not None:
        row = SupervisionSettings.objects.filter(jurisdiction=jurisdiction).first()
        if row is not None:
            return row
    return SupervisionSettings.objects.filter(jurisdiction__isnull=True).first() or SupervisionSettings()


SETTINGS_FIELDS = [
    "warn_working_days", "default_due", "order_prefix", "order_reply_working_days", "letterhead", "signer", "cc",
]


@transaction.atomic
def update_settings(actor: User | None, jurisdiction: Unit, **changes) -> SupervisionSettings:
    """Change a jurisdiction's knobs; a new warning period moves the warn date of its open milestones."""
    require(actor, cap.SUPERVISE)
    row, _ = SupervisionSettings.objects.select_for_update().get_or_create(jurisdiction=jurisdiction)
    before = oplog.snapshot(row, SETTINGS_FIELDS)
    enforcement = changes.pop("enforcement_units", None)
    for name, value in changes.items():
        if name not in SETTINGS_FIELDS:
            raise ValidationError(f"不能修改设置项 {name}")
        setattr(row, name, value)
    if row.warn_working_days > 60:
        raise ValidationError("临期提醒不能超过 60 个工作日")
    if row.order_reply_working_days < 1:
        raise ValidationError("督办单回复期限至少 1 个工作日")
    row.save()
    if enforcement is not None:
        # Enforcement powers are the units' own attribute; the settings page edits the jurisdiction's list.
        core_services.set_enforcement_units(actor, jurisdiction, list(enforcement))
    if before["warn_working_days"] != row.warn_working_days:
        _recompute_warn_dates(jurisdiction, row.warn_working_days)
    oplog.record(actor, "supervision.settings", row, before=before, after=oplog.snapshot(row, SETTINGS_FIELDS))
    return row


def _recompute_warn_dates(jurisdiction: Unit, days: int) -> None:
    warn_on = WarnDates(days)
    milestones = Milestone.objects.filter(
        task__plan__jurisdiction=jurisdiction, state__in=Milestone.OPEN_STATES
    ).only("id", "due_on", "warn_on")
    for milestone in milestones:
        if milestone.warn_on != warn_on(milestone.due_on):
            Milestone.objects.filter(pk=milestone.pk).update(warn_on=warn_on(milestone.due_on))


class WarnDates:
    """The warning date (提醒日期) of each deadline: the configured working days before it, cached per date."""

    def __init__(self, days: int):
        self.days = days
        self.cal = calendar.get_calendar()
        self._cache: dict[dt.date, dt.date] = {}

    def __call__(self, due: dt.date) -> dt.date:
        if due not in self._cache:
            self._cache[due] = calendar.warn_date(due, self.days, self.cal)
        return self._cache[due]


def office_of(jurisdiction: Unit) -> Unit:
    """The unit that runs rule-of-law work for a jurisdiction: its 依法治X办, else its 司法局, else its government."""
    children = list(Unit.objects.get_children(jurisdiction).filter(is_active=True))
    for test in (
        lambda u: u.kind == Unit.Kind.OFFICE,
        lambda u: u.kind == Unit.Kind.DEPARTMENT and u.name.endswith(("司法局", "司法厅")),
        lambda u: u.kind == Unit.Kind.GOVERNMENT,
    ):
        for unit in children:
            if test(unit):
                return unit
    return jurisdiction


def log_transition(actor, action: str, from_state: str, to_state: str, reason: str = "", **target):
    """A step outside the workflow tables (取消, 恢复, 下发 …) of one report, milestone or order (the one
    keyword argument), in the kernel's transition log."""
    (case,) = target.values()
    return steplog.record_step(case, action, from_state, to_state, actor=actor, reason=reason)


def state_label(choices, value: str) -> str:
    return dict(choices.choices).get(value, value)


# ---------------------------------------------------------------------------------------------------
# Notifications


def office_users(jurisdiction: Unit, unit: Unit) -> list[User]:
    """Supervising staff of `jurisdiction` whose data scope covers `unit`."""
    roles = [r.pk for r in Role.objects.all() if cap.SUPERVISE in r.capabilities]
    candidates = (
        User.objects.filter(jurisdiction.subtree_q("unit"), is_active=True)
        .filter(Q(roles__in=roles) | Q(is_superuser=True))
        .select_related("unit")
        .distinct()
    )
    return [u for u in candidates if user_sees_unit(u, unit)]


def unit_users(unit: Unit) -> list[User]:
    return list(User.objects.filter(is_active=True, unit=unit))
