from django.conf import settings
from django.db import models

from fazhi.core.models import Unit
from fazhi.core.scopes import ScopedManager
from fazhi.workflow.models import PublicCase


class Errand(PublicCase):  # followed by the public with case number + code (/portal/lookup/)
    class State(models.TextChoices):
        REGISTERED = "registered", "登记"
        HANDLING = "handling", "办理中"
        DONE = "done", "办结"

    title = models.CharField("事项", max_length=100)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="承办单位")
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.REGISTERED)
    answer = models.TextField("答复", blank=True)

    objects = ScopedManager()
    scope_unit_field = "unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "示例事项"


class ErrandLog(models.Model):
    errand = models.ForeignKey(Errand, on_delete=models.CASCADE, related_name="log")
    step = models.CharField(max_length=40)
    on = models.DateField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    data = models.JSONField(default=dict)
