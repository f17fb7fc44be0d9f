"""Business verbs of the platform foundation: units, aliases and accounts.

Every function runs in one transaction and writes one operation-log row; views, the API and
management commands call these and nothing else to change data.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from treebeard.exceptions import InvalidMoveToDescendant

from fazhi.core import capabilities as cap
from fazhi.core import oplog
from fazhi.core.models import Level, Role, Unit, UnitAlias, User
from fazhi.core.permissions import has_capability

UNIT_FIELDS = ["name", "kind", "level", "code", "organ", "enforcement_powers", "is_active", "path"]

# Words in a unit's name that say what kind of body it is, checked in order (中共…委政法委 is a party organ
# even though its name ends like a committee). Used when a unit is created without its kind of body.
ORGAN_WORDS: list[tuple[tuple[str, ...], str]] = [
    (("中共", "中国共产党", "党委", "党组"), Unit.Organ.PARTY),
    (("人民法院", "法院"), Unit.Organ.JUDICIAL),
    (("人民检察院", "检察院"), Unit.Organ.PROCURATORIAL),
    (("人大常委会", "人民代表大会"), Unit.Organ.LEGISLATIVE),
]


def guess_organ(name: str) -> str:
    """The kind of body a unit's name says it is (行政机关 unless the name says otherwise)."""
    for words, organ in ORGAN_WORDS:
        if any(word in name for word in words):
            return organ
    return Unit.Organ.ADMINISTRATIVE

_CHILD_LEVEL = {Level.PROVINCE: Level.CITY, Level.CITY: Level.COUNTY, Level.COUNTY: Level.TOWN}


def _clean_name(name: str, what: str = "名称") -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise ValidationError(f"{what}不能为空")
    if len(cleaned) > 100:
        raise ValidationError(f"{what}不能超过 100 个字")
    return cleaned


@transaction.atomic
def create_unit(
    actor: User | None,
    *,
    name: str,
    kind: str,
    parent: Unit | None = None,
    level: str | None = None,
    code: str = "",
    aliases: list[str] | None = None,
    organ: str | None = None,
    enforcement_powers: bool = False,
) -> Unit:
    """Add a unit under `parent` (or as a root region). A region below a region is one level down.

    Without `organ` the kind of body is read from the name (中共… → 党的机关, …法院 → 审判机关)."""
    name = _clean_name(name)
    if parent is None and kind != Unit.Kind.REGION:
        raise ValidationError("顶层单位必须是行政区")
    if level is None:
        if parent is None:
            raise ValidationError("顶层行政区须指定层级")
        level = _CHILD_LEVEL.get(parent.level, parent.level) if kind == Unit.Kind.REGION else parent.level
    if parent is not None and Unit.objects.get_children(parent).filter(name=name).exists():
        raise ValidationError(f"“{parent.name}”下已有名为“{name}”的单位")
    organ = organ or guess_organ(name)
    if organ not in Unit.Organ.values:
        raise ValidationError("机关类别不正确")
    fields = {"name": name, "kind": kind, "level": level, "code": code, "organ": organ,
              "enforcement_powers": bool(enforcement_powers)}
    unit = Unit.objects.add_root(fields) if parent is None else Unit.objects.add_child(parent, fields)
    for alias in aliases or []:
        UnitAlias.objects.get_or_create(unit=unit, name=_clean_name(alias, "别名"))
    oplog.record(actor, "unit.create", unit, after=oplog.snapshot(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def rename_unit(actor: User | None, unit: Unit, new_name: str) -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = oplog.snapshot(unit, UNIT_FIELDS)
    unit.name = _clean_name(new_name)
    siblings = Unit.objects.get_siblings(unit).exclude(pk=unit.pk)
    if siblings.filter(name=unit.name).exists():
        raise ValidationError(f"同一上级下已有名为“{unit.name}”的单位")
    unit.save()
    oplog.record(actor, "unit.rename", unit, before=before, after=oplog.snapshot(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def move_unit(actor: User | None, unit: Unit, new_parent: Unit) -> Unit:
    """Move `unit` with its subtree under `new_parent`; a move into its own subtree is refused."""
    unit = Unit.objects.get(pk=unit.pk)
    new_parent = Unit.objects.get(pk=new_parent.pk)
    if new_parent.pk == unit.pk or new_parent.path.startswith(unit.path):
        raise ValidationError(f"不能把“{unit.name}”移动到它自己或它的下级单位“{new_parent.name}”之下")
    if Unit.objects.get_children(new_parent).filter(name=unit.name).exists():
        raise ValidationError(f"“{new_parent.name}”下已有名为“{unit.name}”的单位")
    before = oplog.snapshot(unit, UNIT_FIELDS)
    parent = Unit.objects.get_parent(unit)
    before["parent"] = parent.name if parent else None
    try:
        Unit.objects.move(unit, new_parent, pos="last-child")
    except InvalidMoveToDescendant:
        raise ValidationError(f"不能把“{unit.name}”移动到它的下级单位之下") from None
    unit = Unit.objects.get(pk=unit.pk)
    unit.save()  # one history row for the new path
    after = oplog.snapshot(unit, UNIT_FIELDS)
    after["parent"] = new_parent.name
    oplog.record(actor, "unit.move", unit, before=before, after=after)
    return unit


@transaction.atomic
def set_unit_active(actor: User | None, unit: Unit, active: bool, reason: str = "") -> Unit:
    """Deactivate (or reactivate) a unit. A unit with active users or active children stays active."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not active:
        if Unit.objects.get_children(unit).filter(is_active=True).exists():
            raise ValidationError(f"“{unit.name}”还有启用中的下级单位，请先停用或移走它们")
        if unit.users.filter(is_active=True).exists():
            raise ValidationError(f"“{unit.name}”还有启用中的用户账号，请先调整这些账号")
    before = oplog.snapshot(unit, UNIT_FIELDS)
    unit.is_active = active
    unit.save()
    oplog.record(
        actor, "unit.activate" if active else "unit.deactivate", unit,
        before=before, after=oplog.snapshot(unit, UNIT_FIELDS), reason=reason,
    )
    return unit


@transaction.atomic
def set_unit_aliases(actor: User | None, unit: Unit, aliases: list[str]) -> list[str]:
    cleaned = sorted({_clean_name(a, "别名") for a in aliases if a and a.strip()})
    before = sorted(unit.aliases.values_list("name", flat=True))
    unit.aliases.exclude(name__in=cleaned).delete()
    for alias in cleaned:
        UnitAlias.objects.get_or_create(unit=unit, name=alias)
    oplog.record(actor, "unit.aliases", unit, before={"aliases": before}, after={"aliases": cleaned})
    return cleaned


@transaction.atomic
def set_unit_attributes(actor: User | None, unit: Unit, *, organ: str, enforcement_powers: bool) -> Unit:
    """Record what kind of body a unit is and whether it holds enforcement powers (行政执法主体).

    Plans' collective names expand by these: 各部门 takes administrative departments only, 各执法部门 those
    with enforcement powers. Only an administrative body can hold enforcement powers.
    """
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if organ not in Unit.Organ.values:
        raise ValidationError("机关类别不正确")
    if enforcement_powers and organ != Unit.Organ.ADMINISTRATIVE:
        raise ValidationError(f"只有行政机关可以标记为行政执法主体，“{unit.name}”是{Unit.Organ(organ).label}")
    if enforcement_powers and unit.kind == Unit.Kind.REGION:
        raise ValidationError("行政区不能标记为行政执法主体，请标记其下的部门")
    before = oplog.snapshot(unit, UNIT_FIELDS)
    unit.organ, unit.enforcement_powers = organ, bool(enforcement_powers)
    unit.save()
    oplog.record(actor, "unit.attributes", unit, before=before, after=oplog.snapshot(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def set_enforcement_units(actor: User | None, jurisdiction: Unit, units: list[Unit]) -> list[Unit]:
    """Make exactly `units` the enforcement bodies among the jurisdiction's own departments (one list form)."""
    outside = [u.name for u in units if not u.path.startswith(jurisdiction.path) or u.pk == jurisdiction.pk]
    if outside:
        raise ValidationError(f"执法部门必须是本行政区的单位：{'、'.join(outside)}")
    wanted = {u.pk for u in units}
    changed = []
    for unit in Unit.objects.get_children(jurisdiction).exclude(kind=Unit.Kind.REGION).select_for_update():
        flag = unit.pk in wanted
        if unit.enforcement_powers != flag:
            changed.append(set_unit_attributes(actor, unit, organ=unit.organ, enforcement_powers=flag))
    return changed


USER_FIELDS = ["username", "full_name", "unit", "data_scope", "is_active", "phone", "email"]


def _user_snapshot(user: User) -> dict:
    data = oplog.snapshot(user, USER_FIELDS)
    data["roles"] = sorted(user.roles.values_list("code", flat=True))
    data["scope_units"] = sorted(user.scope_units.values_list("pk", flat=True))
    return data


@transaction.atomic
def create_user(
    actor: User | None,
    *,
    username: str,
    password: str,
    unit: Unit | None,
    full_name: str = "",
    roles: list[str] | None = None,
    data_scope: str = "unit",
    scope_units: list[Unit] | None = None,
    email: str = "",
    phone: str = "",
) -> User:
    from django.contrib.auth.password_validation import validate_password

    username = _clean_name(username, "账号")
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"账号“{username}”已存在")
    user = User(username=username, full_name=full_name, unit=unit, data_scope=data_scope, email=email, phone=phone)
    validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    # The administrator who typed the first password knows it; commands and fixtures (no actor) do not.
    user.password_must_change = _is_person(actor)
    user.save()
    if roles:
        _assign_roles(actor, user, _roles_by_code(roles))
    if scope_units:
        user.scope_units.set(scope_units)
    oplog.record(actor, "user.create", user, after=_user_snapshot(user))
    return user


@transaction.atomic
def update_user(actor: User | None, user: User, *, reason: str = "", **changes) -> User:
    """Change an account's profile, unit, roles or data scope (not its password)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    before = _user_snapshot(user)
    roles = changes.pop("roles", None)
    scope_units = changes.pop("scope_units", None)
    for field, value in changes.items():
        if field not in USER_FIELDS or field == "username":
            raise ValidationError(f"不能修改字段 {field}")
        setattr(user, field, value)
    user.full_clean(exclude=["password", "username"])
    user.save()
    if roles is not None:
        _assign_roles(actor, user, _roles_by_code(roles))
    if scope_units is not None:
        user.scope_units.set(scope_units)
    after = _user_snapshot(user)
    _check_security_account_change(actor, user, before, after)
    oplog.record(actor, "user.update", user, before=before, after=after, reason=reason)
    return user


# What decides whether an account works and what it sees: on a security or audit administrator's
# account only a security administrator changes these (else the system administrator could switch
# off, or narrow the view of, the auditor who reads their log).
SECURITY_ACCOUNT_FIELDS = ("is_active", "unit", "data_scope", "scope_units")


def _check_security_account_change(actor: User | None, user: User, before: dict, after: dict) -> None:
    if not _is_person(actor) or has_capability(actor, cap.MANAGE_ROLES):
        return
    if not any(is_security_assigned(r) for r in user.roles.all()):
        return
    changed = [f for f in SECURITY_ACCOUNT_FIELDS if before[f] != after[f]]
    if changed:
        labels = "、".join(str(User._meta.get_field(f).verbose_name) for f in changed)
        raise ValidationError(f"三员分立：安全管理员、审计管理员账号的{labels}只能由安全管理员修改")


def _store_password(user: User, password: str, *, must_change: bool) -> None:
    from django.contrib.auth.password_validation import validate_password

    validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.password_must_change = must_change
    user.save(update_fields=["password", "password_changed_at", "password_must_change"])


@transaction.atomic
def set_password(actor: User | None, user: User, password: str, reason: str = "") -> User:
    """A user changes their own password (or a command sets it). An administrator's reset of someone
    else's password is `reset_password`, with its own rules; this hands it over."""
    if _is_person(actor) and actor.pk != user.pk:
        return reset_password(actor, user, password, reason=reason)
    _store_password(user, password, must_change=False)
    oplog.record(actor, "user.password", user, reason=reason or "修改密码")
    return user


@transaction.atomic
def reset_password(actor: User, user: User, password: str, reason: str = "") -> User:
    """An administrator sets another account's password; its holder must change it at the next sign-in.

    三员分立: the password of a system, security or audit administrator is reset only by a security
    administrator, so the system administrator cannot take over the auditor's account (nor the
    reverse); a superuser's only by a superuser. The log row names the actor for the auditor.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if actor.pk == user.pk:
        raise ValidationError("请在“修改密码”页面修改自己的密码")
    if user.is_superuser and not actor.is_superuser:
        raise ValidationError("超级管理员的密码只能由超级管理员重置")
    duties = administrator_duties(user)
    if duties and not has_capability(actor, cap.MANAGE_ROLES):
        raise ValidationError(
            f"三员分立：“{user.username}”是{'、'.join(duties)}，其密码只能由安全管理员重置"
        )
    _store_password(user, password, must_change=True)
    oplog.record(actor, "user.password_reset", user, after={"password_must_change": True},
                 reason=reason or "管理员重置密码")
    return user


ROLE_FIELDS = ["code", "name", "description", "capabilities"]

# 三员分立: the duties of the three administrators never meet in one role or one account.
SEPARATED_DUTIES = {
    "users.manage": "系统管理员",
    "roles.manage": "安全管理员",
    "audit.view": "审计管理员",
}


# Roles carrying any of these are granted and taken away only by a security administrator: the
# security administrator's own duties, and the auditor's (so the system administrator cannot make
# an auditor of their choosing, nor remove the one watching them).
SECURITY_ASSIGNED = frozenset({cap.MANAGE_ROLES, cap.MANAGE_SESSIONS, cap.VIEW_AUDIT_LOG})


def check_separated_duties(capabilities, who: str = "") -> None:
    held = sorted({c for c in capabilities if c in SEPARATED_DUTIES})
    if len(held) > 1:
        names = "、".join(SEPARATED_DUTIES[c] for c in held)
        if who:
            raise ValidationError(f"三员分立：账号“{who}”将同时承担{names}的职责，不允许")
        raise ValidationError(f"三员分立：{names}的职责不能由同一角色或同一账号承担")


def administrator_duties(user: User) -> list[str]:
    """Which of the three administrators (系统/安全/审计管理员) `user` is, by their roles."""
    held = {c for role in user.roles.all() for c in role.capabilities}
    return [name for code, name in SEPARATED_DUTIES.items() if code in held]


def is_security_assigned(role: Role) -> bool:
    return bool(SECURITY_ASSIGNED.intersection(role.capabilities))


def _is_person(actor) -> bool:
    return actor is not None and getattr(actor, "pk", None) is not None


def _roles_by_code(codes: list[str]) -> list[Role]:
    found = list(Role.objects.filter(code__in=codes))
    missing = set(codes) - {r.code for r in found}
    if missing:
        raise ValidationError(f"角色不存在：{'、'.join(sorted(missing))}")
    return found


def _assign_roles(actor: User | None, user: User, roles: list[Role]) -> None:
    """Give `user` exactly `roles`, under the rules of 三员分立 (commands and migrations, with no actor,
    are the installation's own hand and only meet the one-account-one-duty rule)."""
    before = set(user.roles.all())
    after = set(roles)
    if _is_person(actor):
        if before != after and actor.pk == user.pk:
            raise ValidationError("三员分立：不能修改自己的角色")
        reserved = sorted(r.name for r in before ^ after if is_security_assigned(r))
        if reserved and not has_capability(actor, cap.MANAGE_ROLES):
            raise ValidationError(
                f"三员分立：{'、'.join(reserved)}角色只能由安全管理员授予或收回"
            )
    check_separated_duties((c for r in after for c in r.capabilities), who=user.username)
    user.roles.set(after)


def _clean_capabilities(capabilities: list[str]) -> list[str]:
    from fazhi.core.modules import capability_labels

    unknown = sorted(set(capabilities) - set(capability_labels()))
    if unknown:
        raise ValidationError(f"未知的权限：{'、'.join(unknown)}")
    check_separated_duties(capabilities)
    return sorted(set(capabilities))


@transaction.atomic
def create_role(actor: User | None, *, code: str, name: str, capabilities: list[str], description: str = "") -> Role:
    code = (code or "").strip()
    if not code:
        raise ValidationError("角色代码不能为空")
    if Role.objects.filter(code=code).exists():
        raise ValidationError(f"角色代码“{code}”已存在")
    role = Role.objects.create(
        code=code, name=_clean_name(name, "角色名称"), description=(description or "").strip()[:200],
        capabilities=_clean_capabilities(capabilities),
    )
    oplog.record(actor, "role.create", role, after=oplog.snapshot(role, ROLE_FIELDS))
    return role


@transaction.atomic
def update_role(
    actor: User | None, role: Role, *, name: str, capabilities: list[str], description: str = ""
) -> Role:
    """Change a role's name and capabilities. Nobody edits a role they hold (they would grant themselves)."""
    role = Role.objects.select_for_update().get(pk=role.pk)
    if actor is not None and getattr(actor, "pk", None) and role.users.filter(pk=actor.pk).exists():
        raise ValidationError("三员分立：不能修改自己所持角色的权限")
    before = oplog.snapshot(role, ROLE_FIELDS)
    role.name = _clean_name(name, "角色名称")
    role.description = (description or "").strip()[:200]
    role.capabilities = _clean_capabilities(capabilities)
    # The accounts holding the role get its new capabilities at once: none may end up with two duties.
    for holder in role.users.prefetch_related("roles"):
        others = (c for r in holder.roles.all() if r.pk != role.pk for c in r.capabilities)
        check_separated_duties([*others, *role.capabilities], who=holder.username)
    role.save()
    oplog.record(actor, "role.update", role, before=before, after=oplog.snapshot(role, ROLE_FIELDS))
    return role
