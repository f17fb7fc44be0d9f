from __future__ import annotations

import datetime

from fazhi.litigation import services
from fazhi.litigation.models import LitigationCase

D = datetime.date
NOV_2 = D(2026, 11, 2)


def registered(org, on=NOV_2, unit=None, **more) -> LitigationCase:
    data = dict(unit=unit or org.reform, court="测试县人民法院", plaintiff="某食品公司", cause="不服行政处罚", received_on=on)
    return services.register_case(None, **{**data, **more})


def suggestion(org, on=NOV_2, **more):
    data = dict(unit=org.reform, kind="procuratorial", issuer="测试县人民检察院", subject="加强农贸市场食品安全监管",
                received_on=on, public_interest=True)
    return services.register_suggestion(None, **{**data, **more})
