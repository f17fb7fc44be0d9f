import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fazhi.core.models import Attachment, Notification, OperationLog
from fazhi.supervision import services
from fazhi.supervision.models import Milestone, ProgressReport
from tests.supervision.conftest import task_for


@pytest.fixture
def milestone(ledger, org):
    """发改局's 2025 yearly milestone, moved into the future so it is open and can be met on time."""
    m = task_for(ledger.test_items.yearly).milestones.get(key="recurring:0:2025")
    m.due_on, m.warn_on, m.state = dt.date(2099, 3, 1), dt.date(2099, 2, 25), Milestone.State.OPEN
    m.save()
    return m


def test_full_cycle_submit_return_resubmit_accept(milestone, users, files):
    report = services.save_report(users.reporter, milestone, text="已完成年度报告", percent=80, files=[files.pdf()])
    assert report.state == ProgressReport.State.DRAFT
    services.submit_report(users.reporter, report)
    assert Notification.objects.filter(recipient=users.office, title__contains="报送了进展").count() == 1
    services.return_report(users.office, report, "请补充佐证材料")
    report.refresh_from_db()
    assert report.state == ProgressReport.State.RETURNED
    assert Notification.objects.filter(recipient=users.reporter, title__contains="退回").exists()
    services.save_report(users.reporter, milestone, report=report, text="已补充", percent=100, completed=True,
                         links=["https://www.example.gov.cn/report"])
    services.submit_report(users.reporter, report)
    services.accept_report(users.office, report, "同意")
    report.refresh_from_db()
    milestone.refresh_from_db()
    assert report.state == ProgressReport.State.ACCEPTED
    assert (milestone.state, milestone.outcome) == (Milestone.State.CLOSED, Milestone.Outcome.ON_TIME)
    assert milestone.completed_on == timezone.localdate()
    actions = list(report.transitions.values_list("action", flat=True))
    assert actions == ["submit", "return", "resubmit", "accept"]
    assert milestone.transitions.filter(action="close").count() == 1
    logged = set(OperationLog.objects.filter(object_type="supervision.progressreport").values_list("action", flat=True))
    assert {"supervision.report_submit", "supervision.report_return", "supervision.report_resubmit",
            "supervision.report_accept"} <= logged
    assert report.evidence.count() == 2


def test_late_completion_is_recorded_as_late(milestone, users):
    milestone.due_on = dt.date(2024, 1, 1)
    milestone.save()
    report = services.save_report(users.reporter, milestone, text="完成", completed=True,
                                  links=["http://www.example.gov.cn/x"])
    services.submit_report(users.reporter, report)
    services.accept_report(users.office, report)
    milestone.refresh_from_db()
    assert milestone.outcome == Milestone.Outcome.LATE


def test_accepting_a_progress_report_keeps_the_milestone_open(milestone, users):
    report = services.save_report(users.reporter, milestone, text="推进中", percent=40)
    services.submit_report(users.reporter, report)
    services.accept_report(users.office, report)
    milestone.refresh_from_db()
    assert milestone.is_open


def test_wrong_state_is_refused(milestone, users):
    report = services.save_report(users.reporter, milestone, text="推进中", percent=40)
    with pytest.raises(ValidationError, match="只有待审核的报告可以采纳"):
        services.accept_report(users.office, report)
    services.submit_report(users.reporter, report)
    with pytest.raises(ValidationError, match="不能报送"):
        services.submit_report(users.reporter, report)
    with pytest.raises(ValidationError, match="不能修改"):
        services.save_report(users.reporter, milestone, report=report, text="改")
    with pytest.raises(ValidationError, match="待审核"):
        services.save_report(users.reporter, milestone, text="再来一份")
    with pytest.raises(ValidationError, match="退回意见"):
        services.return_report(users.office, report, "  ")
    services.accept_report(users.office, report)
    with pytest.raises(ValidationError, match="只有待审核的报告可以退回"):
        services.return_report(users.office, report, "晚了")


def test_completed_needs_evidence(milestone, users):
    report = services.save_report(users.reporter, milestone, text="完成", completed=True)
    with pytest.raises(ValidationError, match="佐证材料"):
        services.submit_report(users.reporter, report)


def test_wrong_unit_is_refused(milestone, users):
    with pytest.raises(PermissionDenied):
        services.save_report(users.town_reporter, milestone, text="不是我的")
    with pytest.raises(PermissionDenied):
        services.save_report(users.office, milestone, text="办公室不替单位报送")
    report = services.save_report(users.reporter, milestone, text="推进中")
    services.submit_report(users.reporter, report)
    with pytest.raises(PermissionDenied):
        services.accept_report(users.reporter, report)
    with pytest.raises(PermissionDenied):
        services.accept_report(users.outsider, report)


def test_bad_files_are_refused_and_nothing_is_saved(milestone, users, files, settings):
    for upload, message in [
        (files.exe(), r"类型（\.exe）不支持"),
        (files.fake_pdf(), "内容与扩展名不符"),
        (SimpleUploadedFile("表.xlsx", b"PK\x03\x04garbage"), "不是有效的Excel 表格"),
        (files.docx("改名的.xlsx"), "不是有效的Excel 表格"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.save_report(users.reporter, milestone, text="附件", files=[upload])
    settings.FAZHI_EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="过大"):
        services.save_report(users.reporter, milestone, text="附件", files=[files.png()])
    with pytest.raises(ValidationError, match="不是有效的 http/https 网址"):
        services.save_report(users.reporter, milestone, text="链接", links=["javascript:alert(1)"])
    assert not ProgressReport.objects.exists()
    assert not Attachment.objects.exists()


def test_good_files_are_kept_with_their_type(milestone, users, files):
    report = services.save_report(users.reporter, milestone, text="附件",
                                  files=[files.docx(), files.pdf(), files.png(), files.jpg()])
    kinds = sorted(report.evidence.values_list("content_type", flat=True))
    assert kinds[0] == "application/pdf" and len(kinds) == 4
    stored = report.evidence.first()
    assert stored.file.name.startswith("attachments/") and stored.token in stored.file.name
    assert stored.slot == "evidence" and stored.owner == report
    assert "总结" not in stored.file.name  # the stored name is not the uploaded one


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 24


def _ofd() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("OFD.xml", "<ofd:OFD/>")
    return buffer.getvalue()


def test_evidence_takes_the_office_formats_that_attachments_take(milestone, users):
    """.doc, .xls and .wps (compound files) and .ofd (the national e-document format) are evidence too."""
    uploads = [SimpleUploadedFile("总结.doc", OLE2), SimpleUploadedFile("台账.xls", OLE2),
               SimpleUploadedFile("报告.wps", OLE2), SimpleUploadedFile("批复.ofd", _ofd())]
    report = services.save_report(users.reporter, milestone, text="旧格式佐证", files=uploads)
    assert sorted(report.evidence.values_list("content_type", flat=True)) == [
        "application/msword", "application/ofd", "application/vnd.ms-excel", "application/vnd.ms-works"]
    with pytest.raises(ValidationError, match="内容与扩展名不符"):
        services.validate_evidence_file(SimpleUploadedFile("假.ofd", OLE2))


def test_one_list_of_accepted_document_types():
    from fazhi.normdocs.services import ATTACHMENT_TYPES
    from fazhi.supervision.forms import ReportForm

    assert services.ALLOWED_EVIDENCE == ATTACHMENT_TYPES
    assert {".pdf", ".ofd", ".doc", ".docx", ".wps", ".xls", ".xlsx"} <= set(ATTACHMENT_TYPES)
    form = ReportForm()
    assert form.fields["files"].widget.attrs["accept"].split(",") == list(ATTACHMENT_TYPES)
    assert "ofd" in str(form.fields["files"].help_text) and "wps" in str(form.fields["files"].help_text)
