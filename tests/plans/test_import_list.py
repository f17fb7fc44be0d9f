"""The import records list on the shared table (issue #14 item 11): the status tabs, search and export."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from fazhi.plans.models import PlanImport


def _import(org, users, title, status=PlanImport.Status.PENDING):
    return PlanImport.objects.create(jurisdiction=org.county, source_name=f"{title}.docx", status=status,
                                     document={"title": title}, created_by=users.office)


def test_tabs_search_and_export(org, users, login):
    _import(org, users, "测试县法治政府建设实施方案")
    _import(org, users, "测试县工作要点")
    _import(org, users, "已确认的纲要", PlanImport.Status.CONFIRMED)
    client = login(users.office)
    pending = client.get(reverse("plans:import_list"))
    assert {str(r.obj) for r in pending.context["table"].rows} == {"测试县法治政府建设实施方案", "测试县工作要点"}
    found = client.get(reverse("plans:import_list"), {"q": "要点"})
    assert [str(r.obj) for r in found.context["table"].rows] == ["测试县工作要点"]
    # The filter form keeps the tab: searching the confirmed ones stays on them.
    assert ("status", "confirmed") in client.get(
        reverse("plans:import_list"), {"status": "confirmed"}).context["table"].kept_params
    export = client.get(reverse("plans:import_list"), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][0] == "标题" and len(rows) == 3
