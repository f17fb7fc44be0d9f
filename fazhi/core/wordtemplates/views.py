"""One settings page listing every registered 文书 with its placeholders; download, upload, reset."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fazhi.core import capabilities as cap
from fazhi.core import flash
from fazhi.core.permissions import capability_required
from fazhi.core.wordtemplates import registry, services


class TemplateUploadForm(forms.Form):
    template = forms.FileField(label="模板文件（.docx）", widget=forms.ClearableFileInput(
        attrs={"accept": ".docx", "class": "form-control form-control-sm"}))


def caller_jurisdiction(request):
    if request.user.unit is None:
        raise PermissionDenied("您的账号没有所属单位")
    return request.user.unit.jurisdiction()


def _spec_or_404(code: str) -> registry.WordTemplateSpec:
    try:
        return registry.get(code)
    except KeyError:
        raise Http404("没有这个文书模板") from None


def template_download(code: str, jurisdiction) -> FileResponse:
    """The template in force for the jurisdiction (its own upload, one from above, or the default), to edit."""
    spec = _spec_or_404(code)
    row = registry.effective_upload(code, jurisdiction)
    try:
        handle = row.file.open("rb") if row else open(spec.default_path, "rb")  # noqa: SIM115 — FileResponse closes it
    except FileNotFoundError:
        raise Http404("模板文件已不存在") from None
    return FileResponse(handle, as_attachment=True, filename=f"{spec.label}模板-{jurisdiction.name}.docx")


def template_upload_or_reset(request, code: str, jurisdiction) -> None:
    """Run the upload (a file) or the reset (none) posted for `code`, flashing the outcome."""
    spec = _spec_or_404(code)
    upload = request.FILES.get("template")
    if upload:
        flash.call(request, services.set_template, request.user, code, jurisdiction, upload,
                   done=f"{spec.label}模板已更新")
    else:
        flash.call(request, services.reset_template, request.user, code, jurisdiction,
                   done=f"{spec.label}已恢复默认模板")


@capability_required(cap.MANAGE_WORD_TEMPLATES)
def settings_page(request):
    jurisdiction = caller_jurisdiction(request)
    entries = []
    for spec in registry.registered():
        row = registry.effective_upload(spec.code, jurisdiction)
        if row is None:
            source = "平台默认模板"
        elif row.jurisdiction_id == jurisdiction.pk:
            source = f"本行政区上传的模板（{row.original_name}）"
        else:
            source = f"{row.jurisdiction.name if row.jurisdiction_id else '全平台'}上传的模板（{row.original_name}）"
        own = row is not None and row.jurisdiction_id == jurisdiction.pk
        entries.append({"spec": spec, "source": source, "own": own})
    return render(request, "wordtemplates/settings.html", {
        "entries": entries, "jurisdiction": jurisdiction, "form": TemplateUploadForm(),
    })


@capability_required(cap.MANAGE_WORD_TEMPLATES)
def download(request, code: str):
    return template_download(code, caller_jurisdiction(request))


@require_POST
@capability_required(cap.MANAGE_WORD_TEMPLATES)
def upload(request, code: str):
    jurisdiction = caller_jurisdiction(request)
    if not request.FILES.get("template"):
        messages.error(request, "请选择模板文件")
    else:
        template_upload_or_reset(request, code, jurisdiction)
    return redirect("wordtemplates:settings")


@require_POST
@capability_required(cap.MANAGE_WORD_TEMPLATES)
def reset(request, code: str):
    spec = _spec_or_404(code)
    flash.call(request, services.reset_template, request.user, code, caller_jurisdiction(request),
               done=f"{spec.label}已恢复默认模板")
    return redirect("wordtemplates:settings")
