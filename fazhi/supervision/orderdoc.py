"""A supervision order as a Word document (督办通知单), filled into an office-editable .docx template.

The default template (data/order_notice.docx, made by scripts/build_order_template.py) follows
党政机关公文格式 GB/T 9704-2012: A4, margins 37/35/28/26 mm, red 发文机关标志 (红头) from the issuing
jurisdiction's settings, 发文字号 and 签发人, the red line, a 方正小标宋简体 二号 title, 仿宋_GB2312 三号
body, 署名 and 成文日期, and a 版记 with 抄送. It is one registered 文书 of `fazhi.core.wordtemplates`: an
office that wants its own letterhead or wording edits the template in Word or WPS and uploads it for its
jurisdiction on 文书模板 (or 督办设置); the placeholders below are what a template may use.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.db.models import Count, Q

from fazhi.core import wordtemplates
from fazhi.supervision.models import Milestone, SupervisionOrder

TEMPLATE_PATH = Path(__file__).resolve().parent / "data" / "order_notice.docx"

# The names a template may use, with what they hold (shown on 督办设置).
PLACEHOLDERS = {
    "letterhead": "发文机关标志（红头），如“××县全面依法治县委员会办公室”",
    "number": "发文字号，如“陇法督〔2024〕3号”",
    "signer": "签发人（可为空）",
    "title": "标题，如“关于加快推进行政执法三项制度落实的督办通知”",
    "recipient": "主送机关（承办单位）",
    "lead": "开头一句",
    "body_lines": "督办要求，逐段（用 {%p for line in body_lines %}{{ line }}{%p endfor %}）",
    "rows": "督办事项表格的行：row.index、row.task、row.milestone、row.status",
    "reply_due": "回复截止日期", "reply_days": "回复期限（工作日）",
    "issuer": "发文机关署名", "issued_on": "成文日期",
    "cc": "抄送机关（可为空）", "printer": "印发机关", "printed_on": "印发日期",
}

_LEADING_ABOUT = re.compile(r"^(?:关于)+")
_TRAILING_NOTICE = re.compile(r"(?:的)?(?:督办)?(?:通知单?|督办)$")


def subject_core(subject: str) -> str:
    """The matter itself: "关于加快…的通知" and "加快…" both give "加快…" (no "关于关于…通知")."""
    core = _LEADING_ABOUT.sub("", subject.strip()).strip()
    core = _TRAILING_NOTICE.sub("", core).strip()
    return core or subject.strip()


def _cn_date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _rows(order: SupervisionOrder) -> list[dict[str, str]]:
    tasks = list(order.tasks.select_related("plan").annotate(
        open_count=Count("milestones", filter=Q(milestones__unit=order.recipient,
                                                milestones__state__in=Milestone.OPEN_STATES)),
        overdue_count=Count("milestones", filter=Q(milestones__unit=order.recipient,
                                                   milestones__state=Milestone.State.OVERDUE)),
    ))
    milestones = list(order.milestones.select_related("task").order_by("due_on"))
    rows = [(f"{m.task.label} {m.task.title}", f"{m.label}（截止{_cn_date(m.due_on)}）", m.get_state_display())
            for m in milestones]
    listed = {m.task_id for m in milestones}
    for task in tasks:
        if task.pk in listed:
            continue
        status = f"逾期 {task.overdue_count} 个节点" if task.overdue_count else (
            f"未完成 {task.open_count} 个节点" if task.open_count else "已完成")
        rows.append((f"{task.label} {task.title}", "—", status))
    return [{"index": str(i), "task": t, "milestone": m, "status": s}
            for i, (t, m, s) in enumerate(rows, start=1)]


def order_context(order: SupervisionOrder) -> dict[str, Any]:
    """The values of the placeholders for one order (see PLACEHOLDERS)."""
    from fazhi.supervision.services import settings_for

    conf = settings_for(order.jurisdiction)
    core = subject_core(order.subject)
    return {
        "letterhead": conf.letterhead or order.issuer.name,
        "number": order.number,
        "signer": conf.signer,
        "title": f"关于{core}的督办通知",
        "recipient": order.recipient.name,
        "lead": f"现就{core}事项予以督办，请认真研究，抓紧落实。",
        "body_lines": [line.strip() for line in (order.body or "").splitlines() if line.strip()],
        "rows": _rows(order),
        "reply_due": _cn_date(order.reply_due_on),
        "reply_days": order.reply_working_days,
        "issuer": order.issuer.name,
        "issued_on": _cn_date(order.issued_on),
        "cc": conf.cc,
        "printer": conf.letterhead or order.issuer.name,
        "printed_on": _cn_date(order.issued_on),
    }


# Values of every placeholder, for trying an uploaded template before it is used.
SAMPLE: dict[str, Any] = {
    "letterhead": "示例县全面依法治县委员会办公室", "number": "示法督〔2024〕1号", "signer": "张三",
    "title": "关于示例事项的督办通知", "recipient": "示例县司法局", "lead": "现就示例事项予以督办。",
    "body_lines": ["示例要求。"], "reply_due": "2024年9月9日", "reply_days": 5, "issuer": "示例县司法局",
    "issued_on": "2024年9月2日", "cc": "示例单位", "printer": "示例县全面依法治县委员会办公室",
    "printed_on": "2024年9月2日",
    "rows": [{"index": "1", "task": "示例任务", "milestone": "2024年", "status": "逾期"}],
}

ORDER_NOTICE = wordtemplates.register("supervision.order_notice", "督办通知单", TEMPLATE_PATH, PLACEHOLDERS,
                                      sample=SAMPLE)


def order_document(order: SupervisionOrder) -> bytes:
    """The order filled into the template in force for its jurisdiction."""
    return wordtemplates.render(ORDER_NOTICE.code, order.jurisdiction, order_context(order))
