"""Modules declare themselves; core gathers them.

Each app of the platform has a `module.py` with one `MODULE = Module(...)`: its capabilities and the
default roles that hold them, its menu entries, its operation-log action codes with Chinese labels, its
workflows and statutory time limits, its scheduled scans, the indicators it computes and its portal
sections. Core reads these and nothing else to build the role form, the menu, the audit log's labels,
the daily scan and the rule settings, so adding a module touches no core file.

Capabilities reach existing databases through each app's own data migration, which carries a frozen
copy of the grants as they were when it was written (`fazhi.core.migration_ops.grant`): a later grant
is a later migration, never an edit of the live declaration that an old migration would import.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps


@dataclass(frozen=True)
class Indicator:
    """A figure the module computes from its own data (for assessment and the annual report)."""

    code: str
    label: str
    compute: Callable[..., Any]


@dataclass(frozen=True)
class PortalSection:
    """A public section of the portal: a catalogue of published records with a stable URL each."""

    label: str
    url_name: str

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse(self.url_name)


@dataclass(frozen=True)
class Module:
    app: str  # the app label: "normdocs"
    label: str  # Chinese name: 行政规范性文件
    capabilities: dict[str, str] = field(default_factory=dict)  # code → label
    grants: dict[str, tuple[str, ...]] = field(default_factory=dict)  # default role code → capabilities
    actions: dict[str, str] = field(default_factory=dict)  # operation-log action code → label
    object_types: dict[str, str] = field(default_factory=dict)  # logged object types that are not models
    # Readable audit diffs: a logged key's label, and labels of its values where it is not a model choice.
    field_labels: dict[str, str] = field(default_factory=dict)
    value_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    # Logged values that are ids of records: action code → {logged key → "app_label.ModelName"}, so the log
    # shows the records' names. By action, because a key may hold ids in one entry and a count in another.
    references: dict[str, dict[str, str]] = field(default_factory=dict)
    menu: tuple = ()
    workflows: tuple = ()  # fazhi.workflow.engine.Workflow
    time_limits: tuple = ()  # fazhi.workflow.timelimits.Rule
    scans: tuple[Callable[..., Any], ...] = ()  # daily, each `scan(today)` returning an object with summary()
    deadlines: tuple = ()  # fazhi.workflow.dated.DatedDeadlines: rows with fixed due dates the daily scan moves
    indicators: tuple[Indicator, ...] = ()
    portal_sections: tuple = ()  # PortalSection, fazhi.portal.catalogue.Catalogue
    # Labels of transition-log actions a module writes outside its workflows' tables (期限扫描, 下发 …).
    step_labels: dict[str, str] = field(default_factory=dict)
    public_lookups: tuple = ()  # fazhi.workflow.public.PublicLookup (cases followed by number + code)
    todo: tuple = ()  # fazhi.core.todo.Todo: what waits for a user, counted on the menu and the home page
    help: dict[str, str] = field(default_factory=dict)  # URL name → the page's 使用说明 (fazhi.core.pagehelp)


@cache
def all_modules() -> tuple[Module, ...]:
    """Every installed fazhi app's declaration, in INSTALLED_APPS order (and any app that says it is one)."""
    found = []
    for config in apps.get_app_configs():
        if not (config.name.startswith("fazhi.") or getattr(config, "is_fazhi_module", False)):
            continue
        try:
            module = importlib.import_module(f"{config.name}.module")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.module":
                raise
            continue
        found.append(module.MODULE)
    return tuple(found)


@cache
def capability_labels() -> dict[str, str]:
    return {code: label for m in all_modules() for code, label in m.capabilities.items()}


def default_roles() -> dict[str, tuple[str, list[str]]]:
    """Role code → (name, capabilities): core's roles with every module's grants (for fresh test data)."""
    from fazhi.core.capabilities import ROLE_NAMES

    roles: dict[str, tuple[str, list[str]]] = {code: (name, []) for code, name in ROLE_NAMES.items()}
    for m in all_modules():
        for role, capabilities in m.grants.items():
            roles[role][1].extend(c for c in capabilities if c not in roles[role][1])
    return roles


@cache
def action_labels() -> dict[str, str]:
    """Every operation-log action code with its Chinese label, workflow steps included."""
    labels: dict[str, str] = {}
    for m in all_modules():
        labels.update(m.actions)
        for workflow in m.workflows:
            labels.update({workflow.action(code): f"{workflow.label}：{t.label}"
                           for code, t in workflow.transitions.items()})
    return labels


@cache
def object_type_labels() -> dict[str, str]:
    return {k: v for m in all_modules() for k, v in m.object_types.items()}


@cache
def field_labels() -> dict[str, str]:
    return {k: v for m in all_modules() for k, v in m.field_labels.items()}


@cache
def value_labels() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for m in all_modules():
        for key, labels in m.value_labels.items():
            merged.setdefault(key, {}).update(labels)
    return merged


@cache
def references() -> dict[str, dict[str, str]]:
    """Every module's logged references: action code → {key → model label}."""
    return {code: keys for m in all_modules() for code, keys in m.references.items()}


def menu_entries() -> tuple:
    return tuple(entry for m in all_modules() for entry in m.menu)


def indicators() -> tuple[Indicator, ...]:
    return tuple(i for m in all_modules() for i in m.indicators)


def portal_sections() -> tuple:
    return tuple(s for m in all_modules() for s in m.portal_sections)
