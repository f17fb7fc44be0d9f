"""统一登记号: office-issued registration numbers, unique per scheme and year.

A scheme is attached to a unit and covers its subtree (a county's 司法局 numbers every document of the
county, or a department numbers its own). The counter row is locked with `select_for_update()` so two
registrations at the same moment never get the same number.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fazhi.core.models import Unit

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_ALLOWED = re.compile(r"^(year|seq|seq:0[1-9]d)$")


def validate_template(template: str) -> str:
    """A template may hold only `{year}` and `{seq}` / `{seq:03d}`; anything else is refused."""
    template = (template or "").strip()
    if not template:
        raise ValidationError("编号格式不能为空")
    if "/" in template or "\\" in template:
        raise ValidationError("编号格式不能包含斜杠（编号用于公开网址）")
    names = _PLACEHOLDER.findall(template)
    bad = [n for n in names if not _ALLOWED.match(n)]
    if bad:
        raise ValidationError(f"编号格式中的占位符 {{{bad[0]}}} 无法识别：只能使用 {{year}}、{{seq}} 或 {{seq:03d}}")
    if not any(n.startswith("seq") for n in names) or "year" not in names:
        raise ValidationError("编号格式须同时包含年度 {year} 和序号 {seq}")
    if template.count("{") != len(names) or template.count("}") != len(names):
        raise ValidationError("编号格式中的花括号不成对")
    return template


def render(template: str, year: int, seq: int) -> str:
    return template.format(year=year, seq=seq)


def scheme_for(unit: Unit):
    """The numbering scheme of `unit` or of its nearest ancestor that has one."""
    from fazhi.normdocs.models import NumberingScheme

    paths = [unit.path[: i * Unit.steplen] for i in range(1, unit.depth + 1)]
    return NumberingScheme.objects.filter(unit__path__in=paths).order_by("-unit__depth").first()


def issue_number(unit: Unit, year: int) -> str:
    """Take the next number of the scheme covering `unit` in `year`. Call inside a transaction."""
    from fazhi.normdocs.models import NormativeDocument, RegistrationCounter

    scheme = scheme_for(unit)
    if scheme is None:
        raise ValidationError(f"尚未为“{unit.name}”或其上级单位设置统一登记编号规则")
    try:
        with transaction.atomic():
            RegistrationCounter.objects.get_or_create(scheme=scheme, year=year)
    except IntegrityError:
        pass  # another registration created the counter first; the lock below serialises us
    counter = RegistrationCounter.objects.select_for_update().get(scheme=scheme, year=year)
    while True:
        counter.last_number += 1
        number = render(scheme.template, year, counter.last_number)
        # A number may already be taken by an imported historical document: skip it, never reuse it.
        if not NormativeDocument.objects.filter(registration_number=number).exists():
            break
    counter.save(update_fields=["last_number"])
    return number
