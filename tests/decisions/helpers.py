"""Builders for decision tests and matrix cases: a published catalogue entry and a decision started from it."""

from __future__ import annotations

import datetime

from fazhi.decisions import services
from fazhi.decisions.models import Catalogue, CatalogueEntry, Decision

D = datetime.date
STARTED = D(2026, 8, 3)


def published_entry(org, *, procedures=("participation",), category="policy", market_related=False,
                    year: int = 2026, title: str = "县城生活垃圾处理收费调整") -> CatalogueEntry:
    catalogue, _ = Catalogue.objects.get_or_create(body=org.gov, year=year)
    if catalogue.state == Catalogue.State.PUBLISHED:  # a second entry in one test: the catalogue is adjusted
        catalogue = services.catalogue_transition(None, catalogue, "adjust", {"on": D(year, 1, 15), "reason": "增加事项"})
    entry = services.add_entry(None, catalogue, title=title, lead_unit=org.reform, category=category,
                               procedures=list(procedures), market_related=market_related, planned="2026年第四季度")
    agreed = D(year, 1, 15) if catalogue.version else D(year, 1, 10)
    catalogue = services.catalogue_transition(None, catalogue, "agree", {"on": agreed, "party_body": "县委常委会"})
    services.catalogue_transition(None, catalogue, "publish", {"on": D(year, 1, 15)})
    return entry


def started(org, *, started_on=STARTED, draft="草案：调整收费标准及说明", **entry_options) -> Decision:
    return services.start_decision(None, published_entry(org, **entry_options), draft=draft, started_on=started_on)
