"""Cases at a given stage, for the matrix and the page tests."""

from __future__ import annotations

import datetime

from fazhi.reconsideration import services
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.reconsideration.workflow import RECON
from fazhi.workflow import engine

D = datetime.date
NOV_2 = D(2026, 11, 2)


def filed(org, on=NOV_2, applicant="张三", **more) -> ReconsiderationCase:
    return services.file_application(_system(), organ=org.gov, channel="paper",
                                     received_on=on, applicant_name=applicant, respondent="测试县市场监督管理局",
                                     act="罚款二千元的行政处罚决定", request="撤销该行政处罚决定", knew_act_on=on, **more).case


def _system():
    # file_application's actor None means the public page; the office's paper entry needs a user, and a
    # superuser stands for "the system entering a fixture".
    from fazhi.core.models import User

    return User.objects.filter(is_superuser=True).first() or User.objects.create_superuser("m_root", password="Test@Pass1")


def decided(org, outcome="revoked", on=NOV_2, **more) -> ReconsiderationCase:
    case = filed(org, on=on, **more)
    case = engine.run(None, RECON, case, "accept", {"on": on, "procedure": "ordinary"})
    return engine.run(None, RECON, case, "decide", {"on": on + datetime.timedelta(days=10), "outcome": outcome,
                                                    "decision_text": f"申请人{case.applicant_name}的请求成立，撤销原处罚决定。"})
