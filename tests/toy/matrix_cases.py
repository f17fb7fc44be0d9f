from tests.matrix import RouteCase
from tests.toy.models import Errand


def errand(org) -> dict:
    return {"pk": Errand.objects.create(title="矩阵示例事项", unit=org.justice).pk}


CASES = [
    RouteCase("toy:detail", "GET", make_object=lambda org, users: errand(org), allowed="office", denied=["outsider"]),
    RouteCase("toy:transition", "POST", make_object=lambda org, users: {**errand(org), "code": "accept"}, data={},
              state=lambda org, users, kw: Errand.objects.get(pk=kw["pk"]).state, allowed="office",
              denied=["outsider"]),
]
