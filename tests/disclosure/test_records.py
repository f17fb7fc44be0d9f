"""The staff register's 10-day change report (004 item 24) and the Word letters of a request."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from docx import Document

from fazhi.core.wordtemplates import services as templates
from fazhi.disclosure import letters, records
from fazhi.disclosure.models import StaffChange
from tests.disclosure.helpers import filed, step
from tests.wordtemplates.test_wordtemplates import docx_upload

D = dt.date


def test_a_staff_change_is_due_for_report_within_ten_days(org, users):
    # Joined Fri 2026-09-25: 10 days later is Mon 10-05, inside the 国庆 holiday (10-01..07), so the last day
    # rolls over to the first working day after it, Thu 2026-10-08.
    member = records.add_staff(users.office, unit=org.gov, name="赵某", role="staff", since=D(2026, 9, 25))
    change = StaffChange.objects.get(member=member)
    assert (change.kind, change.report_due_on) == ("joined", D(2026, 10, 8))
    # Left Mon 2026-11-02: 10 days later is Thu 11-12, a working day.
    records.staff_leaves(users.office, member, D(2026, 11, 2))
    assert StaffChange.objects.get(member=member, kind="left").report_due_on == D(2026, 11, 12)
    assert records.report_changes(users.office, org.gov, D(2026, 11, 5)) == 2
    assert list(StaffChange.objects.filter(member=member).values_list("reported_on", flat=True)) == [D(2026, 11, 5)] * 2
    with pytest.raises(PermissionDenied):
        records.add_staff(users.outsider, unit=org.gov, name="钱某", role="staff", since=D(2026, 9, 25))


def _texts(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_letters_are_filled_from_the_office_editable_templates(org, users, login):
    case = filed(users, org.gov, D(2026, 9, 21))
    case = step(users, case, "extend", D(2026, 10, 20), extension_days=20, reason="需调取档案")
    text = "\n".join(_texts(letters.letter(case, "extension")))
    # The extended due date is the one derived in test_clock: 2026-11-23.
    assert "测试县人民政府" in text and "延长20个工作日" in text and "2026年11月23日" in text and "需调取档案" in text
    case = step(users, case, "reply", D(2026, 11, 20), outcome="withheld_secret", reply_text="第一段。\n第二段。")
    text = _texts(letters.letter(case, "reply"))
    assert "政府信息公开申请答复书" in text and "第一段。" in text and "第二段。" in text
    assert any("不予公开：属于国家秘密" in line for line in text)
    # The county's office uploads its own 答复书: the next letter uses it.
    templates.set_template(users.office, "disclosure.reply", org.county,
                           docx_upload("测试县答复书 {{ number }}", "{{ applicant }}：{{ outcome }}"))
    office = login(users.office)
    response = office.get(reverse("disclosure:letter", args=[case.pk, "reply"]))
    assert _texts(response.content) == [f"测试县答复书 {case.case_number}", "王某：不予公开：属于国家秘密"]
    assert office.get(reverse("disclosure:letter", args=[case.pk, "correction"])).status_code == 404  # none told
