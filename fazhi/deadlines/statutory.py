"""The statutory time limits as data (design notes §1 table), looked up by key.

These are defaults: business code asks `get_rule(key)` and may override any field (a province's
filing period, a sector's penalty period, the period written in a 建议书) with keyword arguments,
never by writing the number itself. `checked=False` marks limits not yet confirmed against the
official text (*check* in the design notes). Do not mutate `RULES`; use `get_rule(key, count=…)`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from fazhi.deadlines.calendar import DayCalendar
from fazhi.deadlines.clock import ClockEvent, ClockKind, compute_due, earliest_due
from fazhi.deadlines.result import DeadlineResult
from fazhi.deadlines.rules import DeadlineRule, Extension, Unit

WD, ND, M, H = Unit.WD, Unit.ND, Unit.M, Unit.H

_FY = "行政复议法（2023）"
_OGI = "政府信息公开条例（2019）"
_XS = "行政诉讼法（2017）"
_FB = "法规规章备案审查条例（2024）"
_YS = "行政执法机关移送涉嫌犯罪案件的规定（2020）"
_HS = "国办发〔2018〕115号《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》"


def _rule(key: str, label: str, count: int, unit: Unit, start_event: str, source: str, **more) -> DeadlineRule:
    return DeadlineRule(count, unit, start_event, label=label, source=source, key=key, **more)


_CATALOGUE = [
    # 行政复议 (art. 88: its 三日、五日、七日、十日 are working days; other periods natural days)
    _rule("reconsideration.application", "申请行政复议期限", 60, ND, "知道或者应当知道行政行为之日",
          f"{_FY}第二十条第一款；因不可抗力等正当理由耽误的，自障碍消除之日起继续计算（第二十条第二款）"),
    _rule("reconsideration.application_untold", "未告知复议权利时的申请期限", 60, ND,
          "知道或者应当知道申请行政复议的权利、行政复议机关和申请期限之日", f"{_FY}第二十条第三款"),
    _rule("reconsideration.application_untold_cap", "未告知复议权利时的申请期限（最长一年）", 12, M,
          "知道或者应当知道行政行为内容之日", f"{_FY}第二十条第三款：最长不得超过一年"),
    _rule("reconsideration.application_outer", "行政复议申请最长期限（五年）", 60, M, "行政行为作出之日",
          f"{_FY}第二十一条：超过五年的，不予受理"),
    _rule("reconsideration.application_outer_real_property", "因不动产申请行政复议最长期限（二十年）", 240, M,
          "行政行为作出之日", f"{_FY}第二十一条：因不动产提出的超过二十年的，不予受理"),
    _rule("reconsideration.acceptance_review", "受理审查期限", 5, WD, "收到复议申请之日", f"{_FY}第三十条、第八十八条"),
    _rule("reconsideration.correction_notice", "补正通知期限", 5, WD, "收到复议申请之日", f"{_FY}第三十一条第一款"),
    _rule("reconsideration.correction_by_applicant", "申请人补正期限", 10, WD, "收到补正通知之日",
          f"{_FY}第三十一条第二款：有正当理由不能按期补正的，可以延长合理的补正期限",
          extension=Extension.uncapped("行政复议机关")),
    _rule("reconsideration.forward_penalty", "当场处罚等案件被申请人转送期限", 5, WD, "收到复议申请之日",
          f"{_FY}第三十二条"),
    _rule("reconsideration.decision", "行政复议决定期限（普通程序）", 60, ND, "受理之日", f"{_FY}第六十二条第一款",
          extension=Extension.capped(30, "行政复议机构的负责人")),
    _rule("reconsideration.decision_simple", "行政复议决定期限（简易程序）", 30, ND, "受理之日",
          f"{_FY}第五十三条、第六十二条第二款"),
    _rule("reconsideration.copy_to_respondent", "申请书副本发送期限（普通程序）", 7, WD, "受理之日",
          f"{_FY}第四十八条"),
    _rule("reconsideration.answer", "被申请人书面答复期限（普通程序）", 10, WD, "收到申请书副本之日",
          f"{_FY}第四十八条"),
    _rule("reconsideration.copy_to_respondent_simple", "申请书副本发送期限（简易程序）", 3, WD, "受理之日",
          f"{_FY}第五十四条"),
    _rule("reconsideration.answer_simple", "被申请人书面答复期限（简易程序）", 5, WD, "收到申请书副本之日",
          f"{_FY}第五十四条"),
    _rule("reconsideration.suspension_limit", "中止满期终止（第一、二、四项情形）", 60, ND, "中止之日",
          f"{_FY}第三十九条、第四十一条第五项"),
    _rule("reconsideration.hearing_notice", "听证通知（听证前）", 5, WD, "通知之日", f"{_FY}第五十一条"),
    _rule("reconsideration.incidental_review", "附带审查规范性文件处理期限", 30, ND, "受理之日",
          f"{_FY}第五十六条、第五十七条"),
    _rule("reconsideration.incidental_transfer", "附带审查转送期限", 7, WD, "受理之日", f"{_FY}第五十六条、第五十七条"),
    _rule("reconsideration.incidental_notify_maker", "通知制定机关期限", 3, WD, "行政复议中止之日",
          f"{_FY}第五十八条第一款"),
    _rule("reconsideration.incidental_maker_answer", "制定机关书面答复期限", 10, WD, "收到书面通知之日",
          f"{_FY}第五十八条第一款"),
    _rule("reconsideration.incidental_transferee", "有权机关处理期限", 60, ND, "收到转送之日", f"{_FY}第六十条"),
    _rule("reconsideration.opinion_report", "意见书纠正情况报送期限", 60, ND, "收到意见书之日", f"{_FY}第七十六条"),
    # 行政诉讼（应诉）: the law sets no working days, so every period is natural days (民事诉讼法 via art. 101)
    _rule("litigation.defence", "被告提出答辩状期限", 15, ND, "收到起诉状副本之日", f"{_XS}第六十七条第一款"),
    _rule("litigation.evidence", "被告提交证据和所依据的规范性文件期限", 15, ND, "收到起诉状副本之日",
          f"{_XS}第六十七条第一款；因不可抗力等正当事由经人民法院准许可延期提供（第三十六条第一款，"
          "行政诉讼法解释（2018）第三十四条：正当事由消除后十五日内提供）",
          extension=Extension.uncapped("人民法院")),
    _rule("litigation.appeal_judgment", "不服一审判决上诉期限", 15, ND, "判决书送达之日", f"{_XS}第八十五条"),
    _rule("litigation.appeal_ruling", "不服一审裁定上诉期限", 10, ND, "裁定书送达之日", f"{_XS}第八十五条"),
    # 依申请公开
    _rule("disclosure.reply", "依申请公开答复期限", 20, WD, "收到申请之日", f"{_OGI}第三十三条第二款",
          extension=Extension.capped(20, "政府信息公开工作机构负责人")),
    _rule("disclosure.reply_excessive", "申请数量、频次明显超过合理范围的答复期限", 20, WD, "收到申请之日",
          f"{_OGI}第三十五条：理由合理但无法在第三十三条期限内答复的，可以确定延迟答复的合理期限并告知申请人",
          extension=Extension.uncapped("行政机关")),
    _rule("disclosure.correction_notice", "补正通知期限", 7, WD, "收到申请之日", f"{_OGI}第三十条"),
    _rule("disclosure.third_party", "第三方或有关机关答复期限", 15, WD, "收到征求意见书之日",
          f"{_OGI}第三十二条至第三十四条"),
    _rule("disclosure.proactive", "主动公开期限", 20, WD, "信息形成或者变更之日", f"{_OGI}第二十六条"),
    # 重大行政决策
    _rule("decision.public_comment", "重大行政决策公开征求意见期限（最少）", 30, ND, "公布草案之日",
          "重大行政决策程序暂行条例第十五条", roll_over=False),
    _rule("decision.hearing_materials", "听证材料公布（听证前）", 7, ND, "公布之日", "重大行政决策程序暂行条例第十六条",
          roll_over=False),
    _rule("decision.legality_review", "合法性审查时间（最少）", 7, WD, "送请审查之日",
          "重大行政决策程序暂行条例第二十五条、第二十六条"),
    # 行政规范性文件 (keys shared with fazhi.normdocs.workflow.TIME_LIMITS)
    # 合法性审核: the 5 working days bind the drafter (time left to the reviewer), the 15 the reviewer. The
    # wording is 国办发〔2018〕115号's (not 37号's); the text itself could not be retrieved to confirm it.
    _rule("normdoc.legality_review_min", "送审应留给审核机构的时间（最少）", 5, WD, "送审之日",
          f"{_HS}：审核时间一般不少于5个工作日（约束起草单位，不限制审核机构提前出具意见）", roll_over=False,
          checked=False),
    _rule("normdoc.legality_review_max", "合法性审核时间（最长）", 15, WD, "送审之日", f"{_HS}：最长不超过15个工作日",
          checked=False),
    _rule("normdoc.consultation_min", "征求意见期限（最少）", 7, WD, "公开征求意见之日", "国办发〔2018〕37号",
          roll_over=False, checked=False),
    _rule("normdoc.consultation_min_market", "涉及市场主体文件征求意见期限（最少）", 30, ND, "公开征求意见之日",
          "优化营商环境条例第六十二条", roll_over=False),
    _rule("normdoc.filing", "报送备案期限（各省规定不同，可调整）", 30, ND, "公布之日", "各省规范性文件备案规定",
          checked=False),
    # 监督法 arts. 39–40: the 本级人大常委会 reviews the government's 规范性文件 under the procedure its
    # province's 人大常委会 sets; the 30 days are the usual provincial figure, not a national one.
    _rule("normdoc.filing_people_congress", "报本级人大常委会备案期限", 30, ND, "公布之日",
          "各级人民代表大会常务委员会监督法（2024）第三十九条、第四十条；期限依本省人大常委会规范性文件备案审查规定",
          checked=False),
    # 法规、规章备案
    _rule("regulation.filing", "法规、规章报送备案期限", 30, ND, "公布之日", f"{_FB}第四条"),
    _rule("regulation.resubmit", "暂缓备案登记后补充或者重新报送期限", 15, ND, "收到通知之日", f"{_FB}第九条第二款"),
    _rule("regulation.review", "主动审查期限", 2, M, "审查程序启动之日",
          f"{_FB}第十一条第一款：情况疑难复杂的，可以适当延长审查期限",
          extension=Extension.uncapped("国务院备案审查工作机构")),
    _rule("regulation.handling_report", "规章制定机关报送处理情况期限", 30, ND,
          "接到第十八条至第二十条规定的通知之日", f"{_FB}第二十一条"),
    # 行政处罚: art. 60 lets laws, regulations and 规章 set another period (and extensions): pass them
    # as overrides, e.g. get_rule("penalty.decision", extension=Extension.uncapped(…), source=…).
    _rule("penalty.decision", "行政处罚决定期限（法律、法规、规章另有规定的从其规定）", 90, ND, "立案之日",
          "行政处罚法（2021）第六十条"),
    _rule("penalty.hearing_request", "听证申请期限", 5, WD, "收到告知之日", "行政处罚法（2021）第六十四条、第八十五条"),
    _rule("penalty.hearing_notice", "听证通知（听证前）", 7, WD, "通知之日", "行政处罚法（2021）第六十四条、第八十五条"),
    _rule("penalty.payment", "罚款缴纳期限", 15, ND, "收到处罚决定书之日", "行政处罚法（2021）第六十七条"),
    # 行政许可
    _rule("license.decision", "行政许可决定期限", 20, WD, "受理之日", "行政许可法第四十二条第一款、第八十二条",
          extension=Extension.capped(10, "本行政机关负责人")),
    _rule("license.correction_notice", "补正告知期限", 5, WD, "收到申请之日", "行政许可法第三十二条"),
    # 检察建议、司法建议
    _rule("procuratorate.reply", "检察建议书面回复期限", 2, M, "收到检察建议书之日", "两高关于检察公益诉讼案件的解释（2018）第二十一条"),
    _rule("procuratorate.reply_urgent", "检察建议书面回复期限（紧急）", 15, ND, "收到检察建议书之日",
          "两高关于检察公益诉讼案件的解释（2018）第二十一条"),
    # Still unverified (2026-12-06): the 规定 is not among the corpus's 1,512 national texts, whose 人民检察院组织法
    # (2018) 第二十一条 says only "及时…书面回复"; the stored pages hold the SPP's 2019-02-26 release as news sites
    # reported it and a blog's excerpt of the 规定, no primary text. So checked stays False.
    _rule("procuratorate.reply_general", "检察建议书面回复期限（建议书未载明期限时）", 2, M, "收到检察建议书之日",
          "人民检察院检察建议工作规定（2019）：除另有规定外，被建议单位自收到检察建议书之日起两个月以内作出相应处理并书面回复"
          "（内容据最高人民检察院2019年2月26日发布会报道核对，条文序号未经核对）", checked=False),
    _rule("judicial_suggestion.reply", "司法建议回复期限（建议书另有规定的从其规定）", 2, M, "收到司法建议书之日",
          "最高人民法院关于综合治理类司法建议工作若干问题的规定（2023）第八条"),
    # 两法衔接 (移送规定: its days are natural days; the 24-hour periods run from the moment)
    _rule("transfer.decision", "移送涉嫌犯罪案件审批期限", 3, ND, "接到移送书面报告之日", f"{_YS}第五条第二款"),
    _rule("transfer.to_police", "移送公安机关期限", 24, H, "决定批准移送之时", f"{_YS}第五条第二款"),
    _rule("transfer.police_forward", "公安机关转送有管辖权机关期限", 24, H, "公安机关接受移送之时",
          f"{_YS}第七条：不属于本机关管辖的，转送并书面告知移送机关"),
    _rule("transfer.police_review", "公安机关审查移送案件期限", 3, ND, "公安机关接受移送之日",
          f"{_YS}第八条：决定立案或者不予立案，书面通知移送机关"),
    _rule("transfer.reconsideration_request", "提请公安机关复议期限", 3, ND, "接到不予立案通知书之日",
          f"{_YS}第九条第一款（也可以建议人民检察院依法进行立案监督）"),
    _rule("transfer.police_reconsideration", "公安机关复议决定期限", 3, ND, "收到提请复议文件之日",
          f"{_YS}第九条第二款"),
    _rule("transfer.supervision_request", "建议人民检察院立案监督期限", 3, ND, "收到复议决定通知书之日",
          f"{_YS}第九条第二款：对不予立案的复议决定仍有异议的"),
    _rule("transfer.hand_over", "移交涉案物品及材料期限", 3, ND, "接到立案通知书之日",
          f"{_YS}第十二条：法律、行政法规另有规定的，依照其规定"),
]

RULES: dict[str, DeadlineRule] = {rule.key: rule for rule in _CATALOGUE}


def get_rule(key: str, **overrides) -> DeadlineRule:
    """The catalogue's rule for `key`, with any field overridden (e.g. `count=20` for a province)."""
    try:
        rule = RULES[key]
    except KeyError:
        raise KeyError(f"未定义的法定期限：{key}") from None
    return dataclasses.replace(rule, **overrides) if overrides else rule


def reconsideration_application_due(
    cal: DayCalendar,
    knew_act_on: dt.date,
    *,
    knew_right_on: dt.date | None = None,
    act_made_on: dt.date | None = None,
    real_property: bool = False,
    obstacles: Sequence[tuple[dt.date, dt.date | None]] = (),
) -> DeadlineResult:
    """The last day to apply for 行政复议, every limit of 行政复议法 arts. 20–21 applied.

    60 days from knowing the act (art. 20 ¶1); when the body did not tell the applicant of the right,
    the body and the period, 60 days from knowing them (`knew_right_on`) but no more than one year
    from knowing the act (¶3); and never more than five years (twenty for real property) from the
    day the act was made (art. 21). `obstacles` are (began, removed) spans of 不可抗力 or another
    正当理由 (¶2: the period "自障碍消除之日起继续计算"): they pause the application period and its
    one-year cap, not the outer limit of art. 21, which the text makes absolute; `removed` None
    while the obstacle lasts.
    """
    periods = [("reconsideration.application", knew_act_on)]
    if knew_right_on is not None:
        periods = [("reconsideration.application_untold", knew_right_on),
                   ("reconsideration.application_untold_cap", knew_act_on)]
    results = [compute_due(cal, get_rule(key), _with_obstacles(start, obstacles)) for key, start in periods]
    if act_made_on is not None:
        outer = "reconsideration.application_outer_real_property" if real_property else "reconsideration.application_outer"
        results.append(compute_due(cal, get_rule(outer), [ClockEvent(ClockKind.START, act_made_on, reason="行政行为作出")]))
    return earliest_due(results)


def _with_obstacles(start: dt.date, obstacles: Sequence[tuple[dt.date, dt.date | None]]) -> list[ClockEvent]:
    events = [ClockEvent(ClockKind.START, start, reason="起算")]
    for began, removed in sorted(obstacles):
        if removed is not None and removed < start:
            continue  # over before this period began
        events.append(ClockEvent(ClockKind.PAUSE, max(began, start), reason="因不可抗力或者其他正当理由耽误申请期限"))
        if removed is not None:
            events.append(ClockEvent(ClockKind.RESUME, removed, reason="障碍消除，申请期限继续计算"))
    return events


@dataclass(frozen=True)
class AnnualDate:
    """A fixed yearly date (年度报告 by 1月31日 …)."""

    key: str
    label: str
    month: int
    day: int
    source: str
    checked: bool = True

    def in_year(self, year: int) -> dt.date:
        return dt.date(year, self.month, self.day)


ANNUAL_DATES: dict[str, AnnualDate] = {
    item.key: item
    for item in [
        AnnualDate("disclosure.department_report", "政府信息公开工作年度报告（部门）", 1, 31, f"{_OGI}第四十九条"),
        AnnualDate("disclosure.government_report", "政府信息公开工作年度报告（本级政府）", 3, 31, f"{_OGI}第四十九条"),
        AnnualDate("regulation.yearly_list", "法规规章目录报送", 1, 31, f"{_FB}第二十二条"),
        # 3月1日 (县级以上政府部门 to 本级党委和政府 and the department above) is the 规定's date as a
        # provincial guide restates it; which article sets it was not found in the stored pages.
        AnnualDate("rule_of_law.report_upward", "法治政府建设年度报告报送上级", 3, 1,
                   "法治政府建设与责任落实督察工作规定（厅字〔2019〕28号）（条文序号未经核对）", checked=False),
        # Checked against a county government's disclosure catalogue quoting art. 24 in full (2026-12-07).
        AnnualDate("rule_of_law.report_publish", "法治政府建设年度报告向社会公开", 4, 1,
                   "法治政府建设与责任落实督察工作规定第二十四条：每年4月1日之前，地方各级政府和县级以上政府部门的"
                   "法治政府建设年度报告，除涉及党和国家秘密的，应当通过报刊、网站等新闻媒体向社会公开"),
    ]
}
