"""Permission-matrix cases of the kernel's own pages (format: tests/matrix.py)."""

from django.utils import timezone

from tests.disclosure.helpers import filed
from tests.matrix import RouteCase


def one_request(org, users) -> dict:
    """A 公开 request of 测试县 (its reply clock running): 乙县's office must not see it in the list."""
    case = filed(users, org.gov, timezone.localdate(), applicant_name="矩阵期限申请人")
    return {"number": case.case_number}


CASES = [
    # Any signed-in user: the rows are the clocks of their data scope and of the modules they may see.
    RouteCase("workflow:clocks", "GET", make_object=one_request, allowed="office", login_only=True,
              denied=["outsider"], hidden=lambda org, users, kw: ["矩阵期限申请人", kw["number"]]),
]
