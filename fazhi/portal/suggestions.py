"""The public 审查建议 form: anyone may ask for a published document to be reviewed (no account).

The service (`fazhi.normdocs.suggestions.submit_suggestion`) routes it to the reviewing body, starts the
reply clock and throttles per address; the answer page gives the reference to quote when asking.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render

from fazhi.core.context import client_ip
from fazhi.core.forms import StyledForm
from fazhi.normdocs.suggestions import submit_suggestion
from fazhi.portal.views import _public_document


class SuggestionForm(StyledForm):
    ref = forms.CharField(label="文件统一登记号", max_length=60,
                          help_text="见文件公开页面的“统一登记号”")
    name = forms.CharField(label="姓名或名称", max_length=100)
    organisation = forms.CharField(label="所在单位或企业", max_length=200, required=False)
    contact = forms.CharField(label="联系方式", max_length=100, help_text="电话或电子邮箱，用于答复")
    content = forms.CharField(label="建议内容及理由", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                              help_text="请写明认为文件哪些条款与法律、法规、规章相抵触或不适当，以及理由")

    def clean_ref(self):
        doc = _public_document(self.cleaned_data["ref"].strip())
        if doc is None:
            raise ValidationError("没有找到该登记号对应的已公开文件")
        self.document = doc
        return self.cleaned_data["ref"].strip()


def suggest(request):
    form = SuggestionForm(request.POST or None, initial={"ref": request.GET.get("doc", "")[:60]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            suggestion = submit_suggestion(form.document, name=data["name"], organisation=data["organisation"],
                                           contact=data["contact"], content=data["content"], ip=client_ip(request))
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return render(request, "portal/suggest_done.html", {"s": suggestion})
    return render(request, "portal/suggest.html", {"form": form})
