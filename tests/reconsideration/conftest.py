import pytest

from fazhi.core.models import Role
from fazhi.reconsideration import services
from fazhi.reconsideration.perms import MANAGE


@pytest.fixture
def file(org, users):
    """An application entered by the office: 张三 against 测试县市场监督管理局, received on `on`."""

    def make(on, **more):
        data = dict(organ=org.gov, channel="paper", received_on=on, applicant_name="张三", respondent="测试县市场监督管理局",
                    act="罚款二千元的行政处罚决定", request="撤销该行政处罚决定", knew_act_on=on)
        return services.file_application(users.office, **{**data, **more}).case

    return make


@pytest.fixture
def clerk(org, make_user):
    """A 复议机构 staff member without the 负责人's approval capability."""
    Role.objects.get_or_create(code="recon_clerk", defaults={"name": "复议办案人员", "capabilities": [MANAGE]})
    return make_user("t_recon_clerk", org.justice, roles=["recon_clerk"], scope="jurisdiction")
