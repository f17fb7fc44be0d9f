"""Demo 行政应诉 cases, 庭审旁听 and 司法建议 / 检察建议 in 陇县, dated back from the day the demo is loaded."""

from __future__ import annotations

import datetime

from django.utils import timezone

from fazhi.core.demo import unit_named
from fazhi.core.models import User
from fazhi.litigation import services


def load(stdout) -> None:
    today = timezone.localdate()

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    office = User.objects.get(username="lx_office")
    market = unit_named("陇县市场监督管理局", "陇县")
    land = unit_named("陇县自然资源局", "陇县")
    reform = unit_named("陇县发展和改革局", "陇县")
    court = "陇县人民法院"

    def case(unit, received, plaintiff, cause, case_type=""):
        return services.register_case(office, unit=unit, court=court, plaintiff=plaintiff, cause=cause,
                                      received_on=received, case_type=case_type,
                                      court_number=f"（{received.year}）陕0327行初{received.timetuple().tm_yday}号")

    def step(c, code, on, **data):
        return services.transition(office, c, code, {"on": on, **data})

    case(reform, ago(5), "陇县恒通运输有限公司", "不服行政许可")
    food = step(case(market, ago(60), "陇县鲜味食品厂", "不服食品安全行政处罚", "food_drug"), "defend", ago(50))
    services.add_hearing(office, food, held_on=ago(30), attendee="deputy", attendee_name="刘副局长")
    step(food, "judge", ago(10), judgment_kind="judgment", result="lost")
    won = step(case(market, ago(200), "张某", "不服行政处罚"), "defend", ago(190))
    services.add_hearing(office, won, held_on=ago(150), attendee="principal", attendee_name="马局长")
    won = step(step(won, "judge", ago(120), judgment_kind="judgment", result="won"), "become_effective", ago(100))
    step(won, "perform", ago(90), reason="判决驳回原告诉讼请求，无需履行")
    eco = step(case(land, ago(150), "陇县某村村民委员会", "不服土地行政处罚", "ecology"), "defend", ago(140))
    services.add_hearing(office, eco, held_on=ago(100), attendee="staff", attendee_name="何科员",
                         absence_reason="局长参加全县防汛工作会议")
    eco = step(step(eco, "judge", ago(80), judgment_kind="ruling", result="won"), "appeal", ago(75), appellant="plaintiff")
    step(eco, "second_instance", ago(20), final_result="won")
    services.record_observation(office, unit=market, held_on=ago(40), subject="陇县鲜味食品厂诉县市场监管局案", attendees=15)

    judicial = services.register_suggestion(office, unit=market, kind="judicial", issuer=court, subject="规范行政处罚裁量",
                                            received_on=ago(70), number="（司建）2号")
    services.reply_suggestion(office, judicial, replied_on=ago(50), reply="已修订行政处罚裁量基准", evidence="裁量基准文本")
    services.register_suggestion(office, unit=land, kind="procuratorial", issuer="陇县人民检察院", public_interest=True,
                                 subject="督促整治非法占用耕地", received_on=ago(30), number="陇检行公建〔3〕号")
    services.register_suggestion(office, unit=reform, kind="procuratorial", issuer="陇县人民检察院", public_interest=True,
                                 urgent=True, subject="督促处置危险化学品仓储隐患", received_on=ago(20))
    late = services.register_suggestion(office, unit=reform, kind="procuratorial", issuer="陇县人民检察院",
                                        subject="加强招投标监管", received_on=ago(100))
    services.reply_suggestion(office, late, replied_on=late.due_on + datetime.timedelta(days=3), reply="已开展专项检查")
    stdout.write("已创建 4 件行政应诉案件、1 次庭审旁听、4 件司法建议或检察建议")
