"""Kept as a name only: the supervision loop counts dates through the platform's one door,
`fazhi.core.calendar` (add_working_days, add_natural_days, warn_date), like every other module."""

from fazhi.core.calendar import Computed, add_natural_days, add_working_days, get_calendar, warn_date

current_calendar = get_calendar

__all__ = ["Computed", "add_natural_days", "add_working_days", "current_calendar", "warn_date"]
