"""Office-editable Word 文书 (督办通知单, 答复书, 补正通知书 …) filled into .docx templates.

A module registers each document it produces once, with its default template (a GB/T 9704 .docx with
docxtpl placeholders, made by a script with `layout`) and what each placeholder holds:

    NOTICE = wordtemplates.register("disclosure.reply", "政府信息公开申请答复书", DATA / "reply.docx",
                                    {"applicant": "申请人姓名或名称", …}, sample={…})
    data = wordtemplates.render("disclosure.reply", case.unit, context)      # bytes of the filled .docx

An office that wants its own letterhead or wording downloads the template on 文书模板 (one page listing
every registered document with its placeholders), edits it in Word or WPS and uploads it for its
jurisdiction. The template used for a unit is the upload of the nearest jurisdiction at or above it,
else the platform-wide upload, else the default — the same precedence as the time limits.
"""

from fazhi.core.wordtemplates.registry import (
    WordTemplateSpec,
    effective_upload,
    fill,
    get,
    register,
    registered,
    render,
)

__all__ = ["WordTemplateSpec", "effective_upload", "fill", "get", "register", "registered", "render"]
