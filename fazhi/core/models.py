"""Organisation tree, accounts, roles, logs and the working-day table."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

from fazhi.core.scopes import UnitManager, subtree


class Level(models.TextChoices):
    NATIONAL = "national", "国家"
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    TOWN = "town", "乡镇"


class Unit(MP_Node):
    """A node of the organisation tree: a jurisdiction (行政区) or a body inside one.

    Regions nest (province → city → county → town); the government, the office that leads the
    rule-of-law work (依法治X办), departments and external bodies (courts, procuratorates) hang under the
    region they belong to.
    """

    class Kind(models.TextChoices):
        REGION = "region", "行政区"
        GOVERNMENT = "government", "人民政府"
        OFFICE = "office", "依法治理办公室"
        DEPARTMENT = "department", "工作部门"
        EXTERNAL = "external", "外部单位"

    class Organ(models.TextChoices):
        """What kind of body a unit is (机关类别): plans' 各部门 mean administrative bodies only."""

        ADMINISTRATIVE = "administrative", "行政机关"
        PARTY = "party", "党的机关"
        JUDICIAL = "judicial", "审判机关"
        PROCURATORIAL = "procuratorial", "检察机关"
        LEGISLATIVE = "legislative", "人大机关"
        OTHER = "other", "其他"

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    level = models.CharField("层级", max_length=20, choices=Level.choices)
    code = models.CharField("代码", max_length=40, blank=True, help_text="行政区划代码或统一社会信用代码")
    organ = models.CharField("机关类别", max_length=20, choices=Organ.choices, default=Organ.ADMINISTRATIVE)
    enforcement_powers = models.BooleanField(
        "行政执法主体", default=False, help_text="具有行政执法职权的部门；方案中的“各执法部门”展开为这些单位"
    )
    is_active = models.BooleanField("启用", default=True)
    history = HistoricalRecords(excluded_fields=["numchild"])

    node_order_by: list[str] = []
    objects = UnitManager()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        indexes = [models.Index(fields=["kind", "level"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_region(self) -> bool:
        return self.kind == self.Kind.REGION

    def jurisdiction(self) -> Unit:
        """The nearest region at or above this unit (remembered on this instance: a data scope asks for it
        once per scoped query, several times a page; `refresh_from_db` and moves give a fresh instance)."""
        if self.is_region:
            return self
        cached = self.__dict__.get("_jurisdiction")
        if cached is not None and cached[0] == self.path:
            return cached[1]
        found = (
            Unit.objects.filter(kind=self.Kind.REGION, path__in=self._ancestor_paths()).order_by("-depth").first()
            or self
        )
        self.__dict__["_jurisdiction"] = (self.path, found)
        return found

    def _ancestor_paths(self) -> list[str]:
        return [self.path[: i * self.steplen] for i in range(1, self.depth)]

    def subtree_q(self, field: str = "") -> models.Q:
        return subtree(field, self.path)


class UnitAlias(models.Model):
    """Another name a unit goes by in plans (县司法局 = 陇县司法局 = 司法局 within 陇县)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases", verbose_name="单位")
    name = models.CharField("别名", max_length=100)

    class Meta:
        verbose_name = "单位别名"
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="unique_alias_per_unit")]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=60)
    description = models.CharField("说明", max_length=200, blank=True)
    capabilities = models.JSONField("权限", default=list)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "角色"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class DataScope(models.TextChoices):
    OWN_RECORDS = "own", "本人数据"
    OWN_UNIT = "unit", "本单位"
    SUBTREE = "subtree", "本单位及下级"
    JURISDICTION = "jurisdiction", "本级行政区及下辖"
    CUSTOM = "custom", "自定义单位"
    ALL = "all", "全部"


class FazhiUserManager(UserManager):
    def for_user(self, user) -> models.QuerySet:
        from fazhi.core.scopes import scope_q

        return self.get_queryset().filter(scope_q(user, "unit", None))


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=60, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name="所属单位"
    )
    roles = models.ManyToManyField(Role, blank=True, related_name="users", verbose_name="角色")
    data_scope = models.CharField("数据范围", max_length=20, choices=DataScope.choices, default=DataScope.OWN_UNIT)
    scope_units = models.ManyToManyField(
        Unit, blank=True, related_name="+", verbose_name="自定义范围单位", help_text="各单位及其下级"
    )
    phone = models.CharField("电话", max_length=30, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    # Set when an administrator sets the password (a new account, a reset): the administrator knows it,
    # so the holder must replace it before doing anything else.
    password_must_change = models.BooleanField("下次登录须修改密码", default=False)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = FazhiUserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    def capabilities(self) -> frozenset[str]:
        cached = getattr(self, "_capabilities", None)
        if cached is None:
            cached = frozenset(c for role in self.roles.all() for c in role.capabilities)
            self._capabilities = cached
        return cached

    def can(self, capability: str) -> bool:
        return self.is_active and capability in self.capabilities()


class ImmutableQuerySet(models.QuerySet):
    """Bulk writes would bypass the model's refusals, so the queryset refuses them too."""

    def update(self, **kwargs):
        raise PermissionError("日志记录不可修改")

    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionError("日志记录不可修改")

    def delete(self):
        raise PermissionError("日志记录不可删除")


class ImmutableModel(models.Model):
    """Log rows are written once; the UI and services never change or delete them."""

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("force_insert", False):
            raise PermissionError("日志记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("日志记录不可删除")


class OperationLog(ImmutableModel):
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="操作人")
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="操作人单位")
    unit_name = models.CharField("单位", max_length=100, blank=True)
    action = models.CharField("操作", max_length=60, db_index=True)
    object_type = models.CharField("对象类型", max_length=60, db_index=True)
    object_id = models.CharField("对象编号", max_length=40, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    reason = models.CharField("理由", max_length=500, blank=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)

    class Meta:
        verbose_name = "操作日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def changes(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class LoginLog(ImmutableModel):
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    username = models.CharField("账号", max_length=150, db_index=True)
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    success = models.BooleanField("成功")
    reason = models.CharField("结果", max_length=100, blank=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    user_agent = models.CharField("客户端", max_length=300, blank=True)

    class Meta:
        verbose_name = "登录日志"
        ordering = ["-at", "-id"]


class LoginUnlock(ImmutableModel):
    """The security administrator lifted the sign-in delay of an account name or a client address.

    Failures before `at` no longer count for that account or address (see `fazhi.core.auth`); the row
    stays as the record of who lifted it and why.
    """

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    username = models.CharField("账号", max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="操作人")
    reason = models.CharField("理由", max_length=500, blank=True)

    class Meta:
        verbose_name = "解除登录限制"
        ordering = ["-at", "-id"]


class OnlineSession(models.Model):
    """A live login, so the security administrator can see and end it."""

    session_key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="online_sessions")
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "在线会话"
        ordering = ["-last_seen"]


class CalendarDay(models.Model):
    """An explicit day type in the working-day table; days not listed follow the weekday rule."""

    class DayType(models.TextChoices):
        WORKDAY = "workday", "工作日"
        HOLIDAY = "holiday", "法定节假日"
        REST = "rest", "休息日"
        MAKEUP_WORKDAY = "makeup", "调休上班"

    date = models.DateField("日期", unique=True)
    day_type = models.CharField("类型", max_length=10, choices=DayType.choices)
    note = models.CharField("说明", max_length=60, blank=True)
    source = models.CharField("来源", max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "工作日历"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_day_type_display()}"


class CalendarYear(models.Model):
    """A year whose holidays are in the table; dates outside these years are provisional."""

    year = models.PositiveIntegerField("年份", unique=True)
    source = models.CharField("来源", max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "已录入年份"
        ordering = ["year"]


class Notification(models.Model):
    """An in-app message to a user (warnings, returned reports, supervision orders)."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class ApiToken(models.Model):
    """A token for integrations calling /api/; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField("有效期至")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"

    def is_expired(self, now=None) -> bool:
        return self.expires_at <= (now or timezone.now())


class SecurityPolicy(models.Model):
    """The settings the security administrator keeps on a page rather than in the environment.

    One row (pk 1), read through `SecurityPolicy.current()`.
    """

    token_default_days = models.PositiveIntegerField("接口令牌默认有效期（天）", default=90)
    token_max_days = models.PositiveIntegerField("接口令牌最长有效期（天）", default=365)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "安全策略"

    @classmethod
    def current(cls) -> SecurityPolicy:
        policy, _ = cls.objects.get_or_create(pk=1)
        return policy


from fazhi.core.attachment_model import Attachment  # noqa: E402,F401 — the one attachment model, a core model


class WriteMark(models.Model):
    """How many logged writes touched each region (行政区): the cached page fragments of a viewer are
    keyed by the writes in the regions the viewer can see (`fazhi.core.writemarks`). `path` is a region's
    tree path, or "" for writes that belong to no region (roles, the calendar, the daily scans)."""

    path = models.CharField(max_length=255, unique=True)
    writes = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "写入标记"
