"""有效期: a document's default term by its title, and when its evaluation before expiry begins.

Documents state the last day they are in force ("有效期至2030年2月28日"); `valid_until` stores exactly
that day. When the publisher leaves it blank, the default term applies. 陕西省行政规范性文件制定和监督管理办法
(陕西省人民政府令第216号) sets a term of generally no more than 5 years; several provinces give titles
marked 暂行 or 试行 no more than 2 (e.g. 上海市行政规范性文件制定和备案规定 art. 26); and the evaluation
6 months before the term ends follows 国务院关于加强市县政府依法行政的决定 (2008). The numbers differ by
province, so they are settings:

* `FAZHI_NORMDOC_VALIDITY_TERMS`: (title keyword, years) pairs, the first match wins;
* `FAZHI_NORMDOC_VALIDITY_YEARS`: the term of every other title;
* `FAZHI_NORMDOC_EXPIRY_WARNING_MONTHS`: how long before the last day the evaluation task is created.
"""

from __future__ import annotations

import datetime

from django.conf import settings

from fazhi.deadlines import months_later

DEFAULT_TERMS: tuple[tuple[str, int], ...] = (("暂行", 2), ("试行", 2))
DEFAULT_YEARS = 5
DEFAULT_WARNING_MONTHS = 6


def term_years(title: str) -> int:
    """The default term, in years, of a document with this title."""
    for keyword, years in getattr(settings, "FAZHI_NORMDOC_VALIDITY_TERMS", DEFAULT_TERMS):
        if keyword in title:
            return int(years)
    return int(getattr(settings, "FAZHI_NORMDOC_VALIDITY_YEARS", DEFAULT_YEARS))


def default_valid_until(title: str, effective_on: datetime.date) -> datetime.date:
    """The last day in force of a default term starting on `effective_on`.

    A term of N years in force from 2025-03-01 runs to 2030-02-28 inclusive: the day before the
    corresponding day N years on (for 2024-02-29, the day before 2026-03-01, so 2026-02-28).
    """
    return months_later(effective_on - datetime.timedelta(days=1), 12 * term_years(title))


def _warning_months() -> int:
    return int(getattr(settings, "FAZHI_NORMDOC_EXPIRY_WARNING_MONTHS", DEFAULT_WARNING_MONTHS))


def evaluation_starts(valid_until: datetime.date) -> datetime.date:
    """The day the evaluation task is due to be created: the configured months before the last day."""
    return months_later(valid_until, -_warning_months())


def evaluation_horizon(today: datetime.date) -> datetime.date:
    """A last day in force beyond which no evaluation has started by `today` (a bound for queries:
    month ends make `evaluation_starts` reach up to three days past the plain month count)."""
    return months_later(today, _warning_months()) + datetime.timedelta(days=3)
