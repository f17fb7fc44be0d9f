from django.apps import AppConfig


class ToyConfig(AppConfig):
    """A module built on the kernel in a test: 登记 → 办理中 → 办结, with a 10-working-day answer clock."""

    name = "tests.toy"
    label = "toy"
    verbose_name = "示例事项"
    is_fazhi_module = True  # core.modules gathers its module.py like a fazhi app's
