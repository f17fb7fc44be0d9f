"""Build the default Word templates of 行政复议's 文书 (fazhi/reconsideration/data/*.docx).

Each is an ordinary .docx in the GB/T 9704 layout of fazhi.core.wordtemplates.layout with docxtpl
placeholders (fazhi.reconsideration.documents.PLACEHOLDERS); an office edits it in Word or WPS and uploads
its own on 文书模板. Run again after changing this script:

    .venv/bin/python scripts/build_reconsideration_templates.py
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

from fazhi.core.wordtemplates.layout import TITLE_FONT, TITLE_PT, letterhead, new_document, para, save  # noqa: E402
from fazhi.reconsideration.documents import DATA, KINDS  # noqa: E402


def build(path: Path, title: str) -> None:
    doc = new_document()
    letterhead(doc)
    para(doc, "{{ title }}", font=TITLE_FONT, size=TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, exact=35)
    para(doc)
    para(doc, "{{ recipient }}：")
    para(doc, "{%p for line in body_lines %}")
    para(doc, "{{ line }}", indent_chars=2)
    para(doc, "{%p endfor %}")
    para(doc)
    para(doc, "{{ organ }}", align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    para(doc, "{{ issued_on }}", align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    save(doc, path, title)


if __name__ == "__main__":
    DATA.mkdir(exist_ok=True)
    for label, filename in KINDS.values():
        build(DATA / filename, label)
        print(DATA / filename)
