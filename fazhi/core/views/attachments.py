"""The one download of attached files: scoped to the owner, public only when the owner says so."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from fazhi.core.attachments import Attachment, is_public, owner_visible_to


def attachment_download(request, token: str) -> FileResponse:
    attachment = get_object_or_404(Attachment, token=token, kind=Attachment.Kind.FILE)
    owner = attachment.owner
    if owner is None:
        raise Http404("文件已不存在")
    if not is_public(owner, attachment.slot):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not owner_visible_to(request.user, owner):
            raise Http404("记录不存在或不在您的数据范围内")  # the same answer as a missing file: nothing leaks
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件已不存在") from None
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                        content_type=attachment.content_type or "application/octet-stream")
