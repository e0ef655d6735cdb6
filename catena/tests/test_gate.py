"""The access gate is structural: every page and API operation reads records through it, and
every model has a policy (deny by default stays the rule for the ones that say nothing)."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from catena.api import api
from catena.core import access

PACKAGE = Path(__file__).resolve().parent.parent
GATES = frozenset({"restrict", "visible_or_404"})
MANAGERS = frozenset({"objects", "_default_manager"})


def ungated_reads(source: str) -> list[int]:
    """Lines where a model's manager is used other than as what ``access.restrict`` or
    ``gate.visible_or_404`` filters (related managers of a record that came through the gate
    are scoped by it and allowed)."""
    tree = ast.parse(source)
    gated: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in GATES:
                for arg in node.args:
                    gated.update(id(sub) for sub in ast.walk(arg))
    return sorted(
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS and id(node) not in gated
    )


def _url_callbacks(patterns: list[Any]) -> Iterator[Any]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_callbacks(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


def entry_modules() -> set[str]:
    """The modules of every page behind a URL and of every API operation."""
    modules = set()
    for callback in _url_callbacks(get_resolver().url_patterns):
        view = getattr(callback, "view_class", callback)
        modules.add(inspect.unwrap(view).__module__)
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                modules.add(inspect.unwrap(operation.view_func).__module__)
    return {m for m in modules if m.startswith("catena.")}


def is_entry_module_name(module: str) -> bool:
    parts = module.split(".")
    return parts[-1].startswith(("views", "api")) or bool({"views", "api"} & set(parts[:-1]))


def test_the_checker_catches_a_page_that_reads_around_the_gate() -> None:
    broken = (
        "def party_page(request, pk):\n"
        "    party = Party.objects.get(pk=pk)\n"
        "    tags = Tag.objects.values_list('name', flat=True)\n"
        "    return render(request, 'x.html', {'party': party, 'tags': tags})\n"
    )
    gated = (
        "def party_page(request, pk):\n"
        "    party = access.restrict(Party.objects.all(), request.user).filter(pk=pk).first()\n"
        "    contacts = party.contacts.all()\n"
        "    order = visible_or_404(request.user, SalesOrder.objects.select_related('customer'), pk)\n"
        "    return render(request, 'x.html', {'party': party, 'contacts': contacts, 'order': order})\n"
    )

    assert ungated_reads(broken) == [2, 3]
    assert ungated_reads(gated) == []


def test_every_page_and_api_operation_lives_in_an_entry_module() -> None:
    misplaced = sorted(m for m in entry_modules() if not is_entry_module_name(m))

    assert misplaced == [], f"pages or operations outside views*/api* modules: {misplaced}"


def test_every_page_and_api_operation_reads_records_through_the_gate() -> None:
    named = {
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    }
    modules = entry_modules() | {m for m in named if is_entry_module_name(m)}
    assert len(modules) > 30  # the walk found the application's pages and operations

    found = {}
    for module in sorted(modules):
        source = Path(import_module(module).__file__ or "").read_text(encoding="utf-8")
        if lines := ungated_reads(source):
            found[module] = lines

    assert found == {}, f"reads around access.restrict / gate.visible_or_404: {found}"


def test_every_model_reads_through_the_gate_by_default() -> None:
    models = [
        model
        for model in apps.get_models()
        if model.__module__.startswith("catena.")
        and not model._meta.auto_created
        and not model.__name__.startswith("Historical")
    ]
    without = sorted(
        m._meta.label
        for m in models
        if not issubclass(m._default_manager._queryset_class, access.GatedQuerySet)
    )

    assert without == [], "declare objects = GatedQuerySet.as_manager() (or derive its queryset from it)"


def test_every_model_has_an_access_policy() -> None:
    models = [
        model
        for model in apps.get_models()
        if model.__module__.startswith("catena.")
        and not model._meta.auto_created
        # field history is read only through its record's history page, which checks the record
        and not model.__name__.startswith("Historical")
    ]
    without = sorted(m._meta.label for m in models if access._policy_for(m) is None)

    assert len(models) > 40
    assert without == []
