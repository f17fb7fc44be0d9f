import pytest
from django.core.exceptions import ValidationError

from fazhi.core import services
from fazhi.core.models import OperationLog, Unit


def test_move_into_own_subtree_is_refused(org):
    with pytest.raises(ValidationError, match="下级"):
        services.move_unit(None, org.county, org.town)
    with pytest.raises(ValidationError):
        services.move_unit(None, org.county, org.county)


def test_move_carries_subtree_and_is_logged(org):
    services.move_unit(None, org.town, org.other_county)
    town = Unit.objects.get(pk=org.town.pk)
    assert Unit.objects.get_parent(town) == org.other_county
    assert Unit.objects.get(pk=org.town_gov.pk).path.startswith(town.path)
    log = OperationLog.objects.filter(action="unit.move").get()
    assert log.before["parent"] == "测试县" and log.after["parent"] == "乙县"
    assert Unit.objects.find_problems() == ([], [], [], [], [])


def test_rename_keeps_history(org):
    services.rename_unit(None, org.reform, "测试县发展改革局")
    assert org.reform.history.count() >= 2
    assert OperationLog.objects.filter(action="unit.rename", object_id=str(org.reform.pk)).exists()


def test_deactivate_refuses_unit_with_active_users(org, make_user):
    make_user("someone", org.reform, ["reporter"])
    with pytest.raises(ValidationError, match="用户"):
        services.set_unit_active(None, org.reform, False)


def test_operation_log_is_immutable(org):
    log = OperationLog.objects.first()
    log.reason = "changed"
    with pytest.raises(PermissionError):
        log.save()
    with pytest.raises(PermissionError):
        log.delete()


def test_operation_and_login_logs_refuse_bulk_writes(org):
    from fazhi.core.models import LoginLog

    LoginLog.objects.create(username="someone", success=False, reason="密码错误")
    for model in (OperationLog, LoginLog):
        before = model.objects.count()
        with pytest.raises(PermissionError):
            model.objects.all().update(reason="changed")
        with pytest.raises(PermissionError):
            model.objects.filter(pk__gt=0).delete()
        with pytest.raises(PermissionError):
            model.objects.bulk_update(list(model.objects.all()), ["reason"])
        assert model.objects.count() == before > 0
        assert not model.objects.filter(reason="changed").exists()


def test_jurisdiction_of_department(org):
    assert org.justice.jurisdiction() == org.county
    assert org.town_gov.jurisdiction() == org.town
