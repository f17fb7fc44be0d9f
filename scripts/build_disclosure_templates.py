"""Build the default Word templates of 依申请公开 (fazhi/disclosure/data/*.docx), GB/T 9704 layout.

    .venv/bin/python scripts/build_disclosure_templates.py

The placeholders are those registered in fazhi.disclosure.letters; an office edits a copy in Word or WPS
and uploads it on 文书模板.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import django
from docx.enum.text import WD_ALIGN_PARAGRAPH

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
django.setup()

from fazhi.core.wordtemplates.layout import (  # noqa: E402  (the script runs from the repository)
    TITLE_FONT,
    TITLE_PT,
    letterhead,
    new_document,
    para,
    save,
)
from fazhi.disclosure.letters import DATA  # noqa: E402

_OPENING = "{{ applicant }}：", "本机关于{{ received_on }}收到您（单位）提交的政府信息公开申请（编号{{ number }}），申请公开“{{ content }}”。"


def _letter(title: str, body: list[str], path: Path) -> None:
    doc = new_document()
    letterhead(doc)
    para(doc, title, font=TITLE_FONT, size=TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, exact=35)
    para(doc)
    para(doc, _OPENING[0])
    para(doc, _OPENING[1], indent_chars=2)
    for line in body:
        para(doc, line, indent_chars=0 if line.startswith("{%p") else 2)
    para(doc)
    para(doc, "{{ issuer }}", align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    para(doc, "{{ issued_on }}", align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    save(doc, path, title)


def build() -> None:
    DATA.mkdir(exist_ok=True)
    _letter("政府信息公开申请答复书", [
        "经审查，现答复如下：办理结果为{{ outcome }}。",
        "{%p for line in reply_lines %}", "{{ line }}", "{%p endfor %}",
        "如对本答复不服，可以依法申请行政复议或者提起行政诉讼。",
    ], DATA / "reply.docx")
    _letter("政府信息公开申请补正通知书", [
        "经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，请对以下事项作出补正：",
        "{{ items }}",
        "请于{{ deadline }}前提交补正后的申请。答复期限自本机关收到补正的申请之日起计算；无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ], DATA / "correction.docx")
    _letter("政府信息公开申请延期答复告知书", [
        "因{{ reason }}，本机关不能在规定期限内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{{ days }}个工作日，本机关将于{{ due }}前作出答复。",
    ], DATA / "extension.docx")


if __name__ == "__main__":
    build()
    print(DATA)
