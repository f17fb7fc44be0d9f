"""The ledger in Excel: download it in the offices' layout, import one built by hand (into a plan or as a new one).

A refused import shows the row errors and offers the same workbook back with an 错误说明 column,
embedded in the page (a data: link), so nothing is stored on the server between requests.
"""

from __future__ import annotations

import base64
import re

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from fazhi.core import capabilities as cap
from fazhi.core import flash
from fazhi.core.models import Unit
from fazhi.core.permissions import capability_required, has_capability
from fazhi.core.scopes import get_for_user_or_404
from fazhi.plans import services as plan_services
from fazhi.plans.models import Plan
from fazhi.supervision import ledger_excel, ledger_import, ledger_sheet
from fazhi.supervision.models import ProgressReport, Task


class LedgerUploadForm(forms.Form):
    file = forms.FileField(label="台账文件", help_text="Excel 工作簿（.xlsx），不超过 10 MB")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > ledger_excel.MAX_BYTES:
            raise ValidationError(f"文件太大（{upload.size // 1024 // 1024} MB），台账文件不能超过 10 MB")
        return upload


class NewPlanLedgerForm(LedgerUploadForm):
    jurisdiction = forms.ModelChoiceField(queryset=Unit.objects.none(), label="所属行政区", empty_label=None)
    title = forms.CharField(
        label="方案标题",
        max_length=300,
        required=False,
        help_text="留空则取工作簿第一行的台账标题（去掉“任务分工台账”字样）",
    )
    period_start = forms.IntegerField(label="起始年份", required=False, min_value=1990, max_value=2100)
    period_end = forms.IntegerField(
        label="截止年份",
        required=False,
        min_value=1990,
        max_value=2100,
        help_text="留空则取工作簿中的“实施期限”，再没有则取各项完成时限的年份",
    )

    field_order = ["jurisdiction", "title", "period_start", "period_end", "file"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = plan_services.jurisdiction_choices(user).order_by("path")
        self.fields["jurisdiction"].initial = plan_services.default_jurisdiction(user)


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=ledger_excel.XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@capability_required(cap.SUPERVISE, cap.VIEW_DASHBOARD)
def ledger_export(request, plan_id: int):
    """The plan's ledger in the offices' layout (.xlsx), with what the reader may see."""
    plan = get_for_user_or_404(Plan.objects.select_related("jurisdiction"), request.user, pk=plan_id)
    data = ledger_sheet.export_ledger(
        plan, Task.objects.for_user(request.user), ProgressReport.objects.for_user(request.user)
    )
    stem = re.sub(r'[\\/:*?"<>|]', "", plan.title)[:80]
    return _xlsx_response(data, f"任务分工台账-{stem}-{timezone.localdate():%Y%m%d}.xlsx")


def _run(request, form, template: str, context: dict, **target):
    """Call the import service with the uploaded file; render its row errors, or redirect to the ledger."""
    upload = form.cleaned_data["file"]
    try:
        result = ledger_import.import_ledger(request.user, upload.read(), upload.name, **target)
    except ValidationError as exc:
        form.add_error(None, flash.error_text(exc))
        return render(request, template, {**context, "form": form}, status=400)
    if not result.ok:
        return render(
            request,
            template,
            {
                **context,
                "form": form,
                "result": result,
                "xlsx_type": ledger_excel.XLSX_TYPE,
                "error_file_b64": base64.b64encode(result.error_file).decode("ascii"),
                "error_rows": [{"row": row, "message": message} for row, message in result.errors.items()],
            },
        )
    messages.success(request, f"任务台账已导入：{result.summary()}")
    return redirect("supervision:plan_ledger", plan_id=result.plan.pk)


@capability_required(cap.SUPERVISE)
def ledger_import_view(request, plan_id: int):
    """Import a hand-built ledger into this plan: matched tasks are updated, new rows become tasks."""
    plan = get_for_user_or_404(Plan.objects.select_related("jurisdiction"), request.user, pk=plan_id)
    context = {
        "plan": plan,
        "task_count": Task.objects.filter(plan=plan).count(),
        "headers": ledger_excel.HEADERS,
    }
    template = "supervision/ledger_import.html"
    if request.method != "POST":
        return render(request, template, {**context, "form": LedgerUploadForm()})
    form = LedgerUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, template, {**context, "form": form}, status=400)
    return _run(request, form, template, context, plan=plan)


@capability_required(cap.SUPERVISE)
def ledger_import_new(request):
    """Create a plan and its ledger from an Excel ledger alone (offices often have no plan text)."""
    template = "supervision/ledger_import.html"
    context = {
        "plan": None,
        "headers": ledger_excel.HEADERS,
        "can_create": has_capability(request.user, cap.MANAGE_PLANS),
    }
    if request.method != "POST":
        return render(request, template, {**context, "form": NewPlanLedgerForm(user=request.user)})
    form = NewPlanLedgerForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return render(request, template, {**context, "form": form}, status=400)
    data = form.cleaned_data
    return _run(
        request,
        form,
        template,
        context,
        jurisdiction=data["jurisdiction"],
        title=data["title"],
        period_start=data["period_start"],
        period_end=data["period_end"],
    )
