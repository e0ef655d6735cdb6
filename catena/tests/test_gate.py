"""The access gate is structural: every page and API operation reads records through it (by
default with ``for_user`` and the ``core.gate`` look-ups), every model's queryset offers
``for_user``, and every model has a policy (deny by default stays the rule for the ones that say
nothing)."""

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
# Calls that read the queryset or model they are given through the gate (``access.restrict`` and
# the ``core.gate`` look-ups), and the queryset method that reads its own rows through it.
GATES = frozenset({"restrict", "visible_or_404", "find", "api_record", "record"})
SCOPED = "for_user"
MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _names_a_class(node: ast.AST) -> bool:
    """``Contact`` (a model), not ``contacts`` (a queryset in a variable)."""
    return isinstance(node, ast.Name) and node.id[:1].isupper()


def _built_on(node: ast.AST) -> Iterator[ast.AST]:
    """The expression a queryset is built on, down to its model: ``Party.objects.filter(a=b)[:5]``
    gives the slice, the call, ``.filter``, ``.objects`` and ``Party``, but not ``b``: a manager
    read inside a filter's argument is a read of its own, gated or not."""
    while True:
        yield node
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute | ast.Subscript):
            node = node.value
        else:
            return


def ungated_reads(source: str) -> list[int]:
    """Lines where a model's manager is used other than as the queryset a gate call filters
    (``access.restrict``, ``gate.visible_or_404``/``find``/``api_record``/``record``) or as the
    receiver of ``.for_user(...)``, and where ``get_object_or_404`` is given a model. Related
    managers of a record that came through the gate are scoped by it and allowed."""
    tree = ast.parse(source)
    gated: set[int] = set()
    around: list[int] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        if name in GATES:
            for arg in [*node.args, *(keyword.value for keyword in node.keywords)]:
                gated.update(id(sub) for sub in _built_on(arg))
        elif name == SCOPED and isinstance(node.func, ast.Attribute):
            gated.update(id(sub) for sub in _built_on(node.func.value))
        elif name in SHORTCUTS and node.args and _names_a_class(node.args[0]):
            around.append(node.lineno)
    return sorted(
        around
        + [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in MANAGERS and id(node) not in gated
        ]
    )


def restricts_by_hand(source: str) -> bool:
    return any(
        isinstance(node, ast.Call) and _call_name(node) == "restrict" for node in ast.walk(ast.parse(source))
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
        "    rows = Party.objects.filter(pk__in=Tag.objects.values('pk')).for_user(request.user)\n"
        "    roles = access.restrict(Party.objects.filter(pk__in=PartyRole.objects.values('party')), u)\n"
        "    contact = get_object_or_404(Contact, pk=pk)\n"
        "    return render(request, 'x.html', {'party': party, 'tags': tags})\n"
    )
    gated = (
        "@gate.record(Party.objects.select_related('owner'), require=access.CHANGE)\n"
        "def party_page(request, party, contact_id):\n"
        "    contacts = party.contacts.all()\n"
        "    contact = get_object_or_404(party.contacts, pk=contact_id)\n"
        "    tags = Tag.objects.for_user(request.user).values_list('name', flat=True)\n"
        "    links = Relationship.objects.select_related('to_party').for_user(request.user, 'change')\n"
        "    other = access.restrict(Party.objects.all(), request.user).filter(pk=pk).first()\n"
        "    order = visible_or_404(request.user, SalesOrder.objects.select_related('customer'), pk)\n"
        "    line = gate.api_record(request, records=SalesOrderLine.objects.all(), pk=pk)\n"
        "    return render(request, 'x.html', {'party': party, 'contacts': contacts, 'order': order})\n"
    )

    assert ungated_reads(broken) == [2, 3, 4, 5, 6]
    assert ungated_reads(gated) == []
    assert restricts_by_hand(gated) and not restricts_by_hand(broken.replace("access.restrict", "f"))


def test_every_page_and_api_operation_lives_in_an_entry_module() -> None:
    misplaced = sorted(m for m in entry_modules() if not is_entry_module_name(m))

    assert misplaced == [], f"pages or operations outside views*/api* modules: {misplaced}"


def entry_sources() -> dict[str, str]:
    """The source of every module with pages or operations, and of every ``views*``/``api*``
    module (a helper module of the pages included)."""
    named = {
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    }
    modules = entry_modules() | {m for m in named if is_entry_module_name(m)}
    return {
        module: Path(import_module(module).__file__ or "").read_text(encoding="utf-8")
        for module in sorted(modules)
    }


def test_every_page_and_api_operation_reads_records_through_the_gate() -> None:
    sources = entry_sources()
    assert len(sources) > 30  # the walk found the application's pages and operations

    found = {module: lines for module, source in sources.items() if (lines := ungated_reads(source))}

    assert found == {}, f"reads around for_user / access.restrict / the gate look-ups: {found}"


def test_pages_and_api_operations_take_the_gate_by_default() -> None:
    by_hand = sorted(module for module, source in entry_sources().items() if restricts_by_hand(source))

    assert by_hand == [], "use Model.objects.for_user or a core.gate look-up, not access.restrict"


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
