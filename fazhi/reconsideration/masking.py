"""Names masked by rule on published decisions: a natural person's name becomes surname + 某; contact
details and ID numbers go; a legal person or organisation keeps its name (it is not personal information)."""

from __future__ import annotations

import re

ID_OR_PHONE = re.compile(r"\d{6}(?:19|20)\d{2}\d{4}\d{3}[\dXx]|1[3-9]\d{9}|\d{3,4}-\d{7,8}")


def mask_person(name: str) -> str:
    name = name.strip()
    if not name:
        return ""
    # Two-character compound surnames are rare; the first character is the surname for the rest.
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[0]
    return f"{surname}某"


COMPOUND_SURNAMES = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯", "长孙", "宇文", "司徒"}


def masked_applicant(case) -> str:
    return mask_person(case.applicant_name) if case.applicant_kind == "person" else case.applicant_name


def masked_text(case, text: str) -> str:
    """The decision's text with the applicant's name (if a person) replaced and numbers that identify removed."""
    if case.applicant_kind == "person" and case.applicant_name.strip():
        text = text.replace(case.applicant_name.strip(), masked_applicant(case))
    return ID_OR_PHONE.sub("＊＊＊", text)
