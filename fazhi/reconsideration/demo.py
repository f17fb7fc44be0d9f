"""Demo 行政复议 cases in 陇县, dated back from the day the demo is loaded, one in each stage: in review,
补正, in hearing with a hearing scheduled, decided (simple and ordinary, with an extension after a
中止), rejected, one the daily scan deems accepted; an 意见书 and a published decision."""

from __future__ import annotations

import datetime

from django.utils import timezone

from fazhi.core.demo import unit_named
from fazhi.core.models import User
from fazhi.reconsideration import opinions, services

APPLICANTS = ["王建军", "李秀兰", "陇县宏达商贸有限公司", "赵文斌", "孙丽华", "陈国强", "周晓梅", "吴志刚"]


def _file(actor, organ, received: datetime.date, n: int, **more):
    kind = "org" if APPLICANTS[n].endswith("公司") else "person"
    respondent = more.pop("respondent", "陇县市场监督管理局")
    return services.file_application(
        actor, organ=organ, channel=more.pop("channel", "paper"), received_on=received, applicant_name=APPLICANTS[n],
        applicant_kind=kind, respondent=respondent, act=more.pop("act", "作出的罚款三千元的行政处罚决定"),
        request="撤销该行政处罚决定", facts="执法程序违法，事实认定不清。", knew_act_on=received - datetime.timedelta(days=10),
        respondent_unit=unit_named(respondent, "陇县"), **more).case


def load(stdout) -> None:
    today = timezone.localdate()

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    office = User.objects.get(username="lx_office")
    organ = unit_named("陇县人民政府", "陇县")

    def step(case, code, on, **data):
        return services.transition(office, case, code, {"on": on, **data})

    _file(office, organ, ago(1), 0)  # 受理审查
    step(_file(office, organ, ago(5), 1), "request_correction", ago(4), items="行政处罚决定书复印件、身份证明")
    hearing = step(_file(office, organ, ago(40), 2, respondent="陇县公安局", act="作出的警告处罚"), "accept", ago(37),
                   procedure="ordinary")
    hearing = step(step(hearing, "send_copy", ago(35)), "receive_answer", ago(25))
    step(hearing, "schedule_hearing", ago(3), hearing_on=today + datetime.timedelta(days=20), place="陇县人民政府复议听证室")
    simple = step(_file(office, organ, ago(100), 3), "accept", ago(98), procedure="simple", simple_ground="small_amount")
    simple = step(simple, "decide", ago(80), outcome="revoked",
                  decision_text=f"撤销被申请人对申请人{APPLICANTS[3]}作出的行政处罚决定。")
    services.publish_decision(office, simple, ago(78))
    long = step(_file(office, organ, ago(150), 4, respondent="陇县自然资源局", act="作出的不动产登记行为"), "accept",
                ago(148), procedure="ordinary")
    long = step(step(long, "suspend", ago(140), ground="5"), "resume", ago(120))
    long = step(long, "extend", ago(75), extension_days=30, notice_on=ago(75), reason="案情复杂，需要调取不动产登记档案")
    long = step(long, "decide", ago(50), outcome="upheld", decision_text="维持被申请人作出的不动产登记行为。")
    services.publish_decision(office, long, ago(48))
    ordered = step(_file(office, organ, ago(200), 5, respondent="陇县住房和城乡建设局", act="未依法履行信息公开职责"),
                   "accept", ago(198), procedure="ordinary")
    ordered = step(ordered, "decide", ago(150), outcome="ordered", decision_text="责令被申请人在十五个工作日内依法答复。")
    services.record_performance(office, ordered, performance="done", on=ago(120))
    opinion = opinions.issue_opinion(office, ordered, kind="opinion", addressee="陇县住房和城乡建设局",
                                     content="规范政府信息公开申请办理程序", on=ago(140))
    opinions.report_opinion(office, opinion, "已修订依申请公开办理规程并开展培训", ago(100))
    step(_file(office, organ, ago(30), 6, act="作出的行政强制措施"), "reject", ago(28),
         reason="申请人不是被申请行政复议的行政行为的利害关系人。")
    _file(office, organ, ago(15), 7)  # the scan below deems it accepted: its review period has run
    scan = services.scan_reconsideration(today)
    stdout.write(f"已创建 8 件行政复议案件（{scan.summary()}）")
