"""The codes the annual report counts by, as the national template names them.

《中华人民共和国政府信息公开工作年度报告格式》(国办公开办函〔2021〕30号), table 三 收到和处理政府信息公开申请情况:
columns by applicant (自然人; 法人或其他组织: 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他), rows
(一)–(六) of 本年度办理结果 with their numbered sub-rows. Each reply carries exactly one row code, so the
report is one grouped count. Table 四 (行政复议, 行政诉讼) counts 结果维持 / 结果纠正 / 其他结果 / 尚未审结.

The rows and their wording, (六)其他处理's three sub-rows included, were checked against table 三 of
published annual reports in this format (2023–2025); the text of 国办公开办函〔2021〕30号 itself was not
at hand.
"""

from __future__ import annotations

from django.db import models


class ApplicantKind(models.TextChoices):
    PERSON = "person", "自然人"
    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    NONPROFIT = "nonprofit", "社会公益组织"
    LEGAL = "legal", "法律服务机构"
    OTHER = "other", "其他"


class Outcome(models.TextChoices):
    DISCLOSED = "disclosed", "予以公开"
    PARTIAL = "partial", "部分公开"
    WITHHELD_SECRET = "withheld_secret", "不予公开：属于国家秘密"
    WITHHELD_LAW = "withheld_law", "不予公开：其他法律行政法规禁止公开"
    WITHHELD_SAFETY = "withheld_safety", "不予公开：危及“三安全一稳定”"
    WITHHELD_THIRD_PARTY = "withheld_third_party", "不予公开：保护第三方合法权益"
    WITHHELD_INTERNAL = "withheld_internal", "不予公开：属于三类内部事务信息"
    WITHHELD_PROCESS = "withheld_process", "不予公开：属于四类过程性信息"
    WITHHELD_ENFORCEMENT = "withheld_enforcement", "不予公开：属于行政执法案卷"
    WITHHELD_QUERY = "withheld_query", "不予公开：属于行政查询事项"
    UNAVAILABLE_NOT_HELD = "unavailable_not_held", "无法提供：本机关不掌握相关政府信息"
    UNAVAILABLE_TO_BE_MADE = "unavailable_to_be_made", "无法提供：没有现成信息需要另行制作"
    UNAVAILABLE_UNCLEAR = "unavailable_unclear", "无法提供：补正后申请内容仍不明确"
    UNHANDLED_PETITION = "unhandled_petition", "不予处理：信访举报投诉类申请"
    UNHANDLED_REPEAT = "unhandled_repeat", "不予处理：重复申请"
    UNHANDLED_PUBLICATION = "unhandled_publication", "不予处理：要求提供公开出版物"
    UNHANDLED_EXCESSIVE = "unhandled_excessive", "不予处理：无正当理由大量反复申请"
    UNHANDLED_CONFIRM = "unhandled_confirm", "不予处理：要求行政机关确认或重新出具已获取信息"
    OTHER_NO_CORRECTION = "other_no_correction", "其他处理：申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    OTHER_NO_FEE = "other_no_fee", "其他处理：申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    OTHER = "other", "其他处理：其他"


_O = Outcome
# The rows of 三、本年度办理结果 in the template's order: (heading, [(sub-row label, code)]).
OUTCOME_ROWS: list[tuple[str, list[tuple[str, str]]]] = [
    ("（一）予以公开", [("", _O.DISCLOSED)]),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [("", _O.PARTIAL)]),
    ("（三）不予公开", [
        ("1.属于国家秘密", _O.WITHHELD_SECRET), ("2.其他法律行政法规禁止公开", _O.WITHHELD_LAW),
        ("3.危及“三安全一稳定”", _O.WITHHELD_SAFETY), ("4.保护第三方合法权益", _O.WITHHELD_THIRD_PARTY),
        ("5.属于三类内部事务信息", _O.WITHHELD_INTERNAL), ("6.属于四类过程性信息", _O.WITHHELD_PROCESS),
        ("7.属于行政执法案卷", _O.WITHHELD_ENFORCEMENT), ("8.属于行政查询事项", _O.WITHHELD_QUERY)]),
    ("（四）无法提供", [
        ("1.本机关不掌握相关政府信息", _O.UNAVAILABLE_NOT_HELD), ("2.没有现成信息需要另行制作", _O.UNAVAILABLE_TO_BE_MADE),
        ("3.补正后申请内容仍不明确", _O.UNAVAILABLE_UNCLEAR)]),
    ("（五）不予处理", [
        ("1.信访举报投诉类申请", _O.UNHANDLED_PETITION), ("2.重复申请", _O.UNHANDLED_REPEAT),
        ("3.要求提供公开出版物", _O.UNHANDLED_PUBLICATION), ("4.无正当理由大量反复申请", _O.UNHANDLED_EXCESSIVE),
        ("5.要求行政机关确认或重新出具已获取信息", _O.UNHANDLED_CONFIRM)]),
    ("（六）其他处理", [
        ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", _O.OTHER_NO_CORRECTION),
        ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", _O.OTHER_NO_FEE),
        ("3.其他", _O.OTHER)]),
]


class AppealKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
    LITIGATION_AFTER = "litigation_after", "行政诉讼（复议后起诉）"


class AppealResult(models.TextChoices):
    MAINTAINED = "maintained", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"
