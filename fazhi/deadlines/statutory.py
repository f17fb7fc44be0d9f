"""The statutory time limits as data (design notes §1 table), looked up by key.

These are defaults: business code asks `get_rule(key)` and may override any field (a province's
filing period, a sector's penalty period, the period written in a 建议书) with keyword arguments,
never by writing the number itself. `checked=False` marks limits not yet confirmed against the
official text (*check* in the design notes). Do not mutate `RULES`; use `get_rule(key, count=…)`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from fazhi.deadlines.rules import DeadlineRule, Unit

WD, ND, M, H = Unit.WD, Unit.ND, Unit.M, Unit.H

_FY = "行政复议法（2023）"
_OGI = "政府信息公开条例（2019）"


def _rule(key: str, label: str, count: int, unit: Unit, start_event: str, source: str, **more) -> DeadlineRule:
    return DeadlineRule(count, unit, start_event, label=label, source=source, key=key, **more)


_CATALOGUE = [
    # 行政复议
    _rule("reconsideration.application", "申请行政复议期限", 60, ND, "知道或者应当知道行政行为之日",
          f"{_FY}第二十条"),
    _rule("reconsideration.application_untold", "未告知复议权利时的申请期限（最长一年）", 12, M,
          "知道或者应当知道申请权利、期限之日", f"{_FY}第二十条", checked=False),
    _rule("reconsideration.acceptance_review", "受理审查期限", 5, WD, "收到复议申请之日", f"{_FY}第三十条、第八十八条"),
    _rule("reconsideration.correction_notice", "补正通知期限", 5, WD, "收到复议申请之日", f"{_FY}第三十一条"),
    _rule("reconsideration.correction_by_applicant", "申请人补正期限", 10, WD, "收到补正通知之日",
          f"{_FY}第三十一条"),
    _rule("reconsideration.forward_penalty", "当场处罚等案件被申请人转送期限", 5, WD, "收到复议申请之日",
          f"{_FY}第三十二条"),
    _rule("reconsideration.decision", "行政复议决定期限（普通程序）", 60, ND, "受理之日", f"{_FY}第六十二条",
          max_extension=30),
    _rule("reconsideration.decision_simple", "行政复议决定期限（简易程序）", 30, ND, "受理之日",
          f"{_FY}第五十三条、第六十二条"),
    _rule("reconsideration.copy_to_respondent", "申请书副本发送期限（普通程序）", 7, WD, "受理之日",
          f"{_FY}第四十八条"),
    _rule("reconsideration.answer", "被申请人书面答复期限（普通程序）", 10, WD, "收到申请书副本之日",
          f"{_FY}第四十八条"),
    _rule("reconsideration.copy_to_respondent_simple", "申请书副本发送期限（简易程序）", 3, WD, "受理之日",
          f"{_FY}第五十四条"),
    _rule("reconsideration.answer_simple", "被申请人书面答复期限（简易程序）", 5, WD, "收到申请书副本之日",
          f"{_FY}第五十四条"),
    _rule("reconsideration.suspension_limit", "中止满期终止（第一、二、四项情形）", 60, ND, "中止之日",
          f"{_FY}第三十九条、第四十一条"),
    _rule("reconsideration.hearing_notice", "听证通知（听证前）", 5, WD, "通知之日", f"{_FY}第五十一条"),
    _rule("reconsideration.incidental_review", "附带审查规范性文件处理期限", 30, ND, "受理之日",
          f"{_FY}第五十六条至第六十条"),
    _rule("reconsideration.incidental_transfer", "附带审查转送期限", 7, WD, "受理之日", f"{_FY}第五十六条"),
    _rule("reconsideration.incidental_notify_maker", "通知制定机关期限", 3, WD, "决定审查之日", f"{_FY}第五十八条"),
    _rule("reconsideration.incidental_maker_answer", "制定机关书面答复期限", 10, WD, "收到通知之日",
          f"{_FY}第五十八条"),
    _rule("reconsideration.incidental_transferee", "有权机关处理期限", 60, ND, "收到转送之日", f"{_FY}第六十条"),
    _rule("reconsideration.opinion_report", "意见书纠正情况报送期限", 60, ND, "收到意见书之日", f"{_FY}第七十六条"),
    # 依申请公开
    _rule("disclosure.reply", "依申请公开答复期限", 20, WD, "收到申请之日", f"{_OGI}第三十三条", max_extension=20),
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
    # 行政规范性文件 (keys shared with fazhi.normdocs.rules)
    _rule("normdoc.legality_review_min", "合法性审核时间（最少）", 5, WD, "送审之日", "国办发〔2018〕37号",
          roll_over=False, checked=False),
    _rule("normdoc.legality_review_max", "合法性审核时间（最长）", 15, WD, "送审之日", "国办发〔2018〕37号",
          checked=False),
    _rule("normdoc.consultation_min", "征求意见期限（最少）", 7, WD, "公开征求意见之日", "国办发〔2018〕37号",
          roll_over=False, checked=False),
    _rule("normdoc.consultation_min_market", "涉及市场主体文件征求意见期限（最少）", 30, ND, "公开征求意见之日",
          "优化营商环境条例第六十二条", roll_over=False),
    _rule("normdoc.filing", "报送备案期限（各省规定不同，可调整）", 30, ND, "公布之日", "各省规范性文件备案规定",
          checked=False),
    _rule("normdoc.filing_people_congress", "报本级人大常委会备案期限", 30, ND, "公布之日", "地方人大常委会备案审查条例"),
    # 法规、规章备案
    _rule("regulation.filing", "法规、规章报送备案期限", 30, ND, "公布之日", "法规规章备案审查条例（2024）第四条、第九条"),
    _rule("regulation.resubmit", "暂缓备案后补报期限", 15, ND, "收到暂缓通知之日", "法规规章备案审查条例（2024）第十一条"),
    _rule("regulation.review", "备案审查研究期限", 2, M, "收到审查要求之日", "法规规章备案审查条例（2024）第二十一条"),
    _rule("regulation.handling_report", "处理情况报告期限", 30, ND, "收到审查意见之日",
          "法规规章备案审查条例（2024）第二十二条"),
    # 行政处罚
    _rule("penalty.decision", "行政处罚决定期限（部门规定不同的从其规定）", 90, ND, "立案之日", "行政处罚法（2021）第六十条"),
    _rule("penalty.hearing_request", "听证申请期限", 5, WD, "收到告知之日", "行政处罚法（2021）第六十四条、第八十五条"),
    _rule("penalty.hearing_notice", "听证通知（听证前）", 7, WD, "通知之日", "行政处罚法（2021）第六十四条、第八十五条"),
    _rule("penalty.payment", "罚款缴纳期限", 15, ND, "收到处罚决定书之日", "行政处罚法（2021）第六十七条"),
    # 行政许可
    _rule("license.decision", "行政许可决定期限", 20, WD, "受理之日", "行政许可法第四十二条、第八十二条", max_extension=10),
    _rule("license.correction_notice", "补正告知期限", 5, WD, "收到申请之日", "行政许可法第三十二条"),
    # 检察建议、司法建议
    _rule("procuratorate.reply", "检察建议书面回复期限", 2, M, "收到检察建议书之日", "两高关于检察公益诉讼案件的解释（2018）第二十一条"),
    _rule("procuratorate.reply_urgent", "检察建议书面回复期限（紧急）", 15, ND, "收到检察建议书之日",
          "两高关于检察公益诉讼案件的解释（2018）第二十一条"),
    _rule("judicial_suggestion.reply", "司法建议回复期限（建议书另有规定的从其规定）", 2, M, "收到司法建议书之日",
          "最高人民法院关于综合治理类司法建议工作若干问题的规定（2023）第八条"),
    # 两法衔接
    _rule("transfer.decision", "移送涉嫌犯罪案件审批期限", 3, ND, "收到报告之日", "行政执法机关移送涉嫌犯罪案件的规定第五条"),
    _rule("transfer.to_police", "移送公安机关期限", 24, H, "批准移送之时", "行政执法机关移送涉嫌犯罪案件的规定第五条"),
]

RULES: dict[str, DeadlineRule] = {rule.key: rule for rule in _CATALOGUE}


def get_rule(key: str, **overrides) -> DeadlineRule:
    """The catalogue's rule for `key`, with any field overridden (e.g. `count=20` for a province)."""
    try:
        rule = RULES[key]
    except KeyError:
        raise KeyError(f"未定义的法定期限：{key}") from None
    return dataclasses.replace(rule, **overrides) if overrides else rule


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
        AnnualDate("regulation.yearly_list", "法规规章目录报送", 1, 31, "法规规章备案审查条例（2024）"),
        AnnualDate("rule_of_law.report_upward", "法治政府建设年度报告报送上级", 3, 1,
                   "法治政府建设与责任落实督察工作规定第二十四条", checked=False),
        AnnualDate("rule_of_law.report_publish", "法治政府建设年度报告向社会公开", 4, 1,
                   "法治政府建设与责任落实督察工作规定第二十四条", checked=False),
    ]
}
