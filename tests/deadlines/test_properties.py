"""Properties of counting that must hold on any day of the years the calendar knows (and beyond)."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.deadlines import (
    Calendar,
    ClockEvent,
    DeadlineRule,
    Unit,
    add_months,
    add_natural_days,
    add_working_days,
    chinese_calendar_source,
    compute_due,
    months_later,
    warn_on,
    working_days_between,
)
from fazhi.deadlines.result import COUNTED, DAY_ACTIONS

CAL = Calendar(chinese_calendar_source())  # module level: hypothesis forbids function-scoped fixtures
days = st.dates(min_value=dt.date(2004, 1, 1), max_value=dt.date(2028, 12, 31))
counts = st.integers(min_value=0, max_value=80)
positive = st.integers(min_value=1, max_value=80)
settings.register_profile("deadlines", max_examples=150, deadline=None)
settings.load_profile("deadlines")


@given(days, positive)
def test_working_day_result_is_a_working_day(start, n):
    assert CAL.is_workday(add_working_days(CAL, start, n).date)


@given(days, counts)
def test_between_inverts_add(start, n):
    assert working_days_between(CAL, start, add_working_days(CAL, start, n).date).count == n


@given(days, counts, counts)
def test_adding_n_then_m_is_adding_n_plus_m(start, n, m):
    middle = add_working_days(CAL, start, n).date
    assert add_working_days(CAL, middle, m).date == add_working_days(CAL, start, n + m).date


@given(days, counts)
def test_natural_days_without_roll_over_are_exactly_n_days(start, n):
    assert add_natural_days(CAL, start, n, roll_over=False).date == start + dt.timedelta(days=n)


@given(days, counts)
def test_roll_over_ends_on_a_working_day_no_earlier(start, n):
    plain = start + dt.timedelta(days=n)
    rolled = add_natural_days(CAL, start, n).date
    assert rolled >= plain
    assert rolled == plain or CAL.is_workday(rolled)
    # Every day skipped by the roll-over was a rest day.
    assert all(not CAL.is_workday(plain + dt.timedelta(days=i)) for i in range((rolled - plain).days))


@given(days, counts, counts)
def test_monotone_in_n(start, n, m):
    low, high = sorted((n, m))
    assert add_working_days(CAL, start, low).date <= add_working_days(CAL, start, high).date
    assert add_natural_days(CAL, start, low).date <= add_natural_days(CAL, start, high).date


@given(days, st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=30))
def test_months_monotone_in_n(start, n, m):
    low, high = sorted((n, m))
    assert add_months(CAL, start, low).date <= add_months(CAL, start, high).date


@given(days, counts)
def test_trace_lists_each_day_once_and_counts_n(start, n):
    result = add_working_days(CAL, start, n)
    day_steps = [s for s in result.trace if s.action in DAY_ACTIONS]
    assert [s.date for s in day_steps] == [start + dt.timedelta(days=i) for i in range(1, (result.date - start).days + 1)]
    assert sum(s.action == COUNTED for s in day_steps) == n


@given(days, st.integers(min_value=0, max_value=40))
def test_months_keep_the_day_or_take_the_last(start, n):
    end = months_later(start, n)
    assert end.day == start.day or (end + dt.timedelta(days=1)).day == 1
    assert add_months(CAL, start, n, roll_over=False).date == end


@given(days, positive)
def test_warn_on_is_n_working_days_before_a_working_due(start, n):
    due = add_working_days(CAL, start, 1).date  # any working day
    warn = warn_on(CAL, due, n).date
    assert CAL.is_workday(warn)
    assert add_working_days(CAL, warn, n).date == due


@given(days, positive, st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=30))
def test_a_pause_delays_by_at_least_nothing_and_at_most_its_length(start, n, offset, length):
    rule = DeadlineRule(n, Unit.ND, roll_over=False)
    pause_at = start + dt.timedelta(days=offset)
    events = [ClockEvent("start", start), ClockEvent("pause", pause_at),
              ClockEvent("resume", pause_at + dt.timedelta(days=length))]
    plain = start + dt.timedelta(days=n)
    paused = compute_due(CAL, rule, events).date
    expected = plain + dt.timedelta(days=length) if offset < n else plain
    assert paused == expected


@given(days, counts)
def test_provisional_exactly_when_an_unknown_year_is_looked_at(start, n):
    result = add_working_days(CAL, start, n)
    looked_at = {s.date.year for s in result.trace if s.action in DAY_ACTIONS}
    assert result.provisional == any(year > 2026 for year in looked_at)


@given(days, counts)
def test_natural_day_trace_lists_each_day_once_including_roll_over(start, n):
    result = add_natural_days(CAL, start, n)
    day_steps = [s.date for s in result.trace if s.action in DAY_ACTIONS]
    assert day_steps == [start + dt.timedelta(days=i) for i in range(1, (result.date - start).days + 1)]
