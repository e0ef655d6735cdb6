"""Each app writes only its own models; other apps' rows change through that app's services.

While the test suite runs, every write to a Catena model is checked: the ``pre_save``,
``pre_delete`` and ``m2m_changed`` signals, ``QuerySet.update``, ``bulk_create``,
``bulk_update`` and ``delete``, ``Model.delete`` and the COPY/INSERT batches of ``core.db``
(``Batch.insert``, behind ``bulk_insert`` and ``bulk_insert_with_history``).

The *writing app* is the app of the innermost stack frame in ``catena/`` that is not in
``core`` (its helpers write on behalf of their caller) nor a top-level module. A write is
allowed when

- the writing app is the model's own app (``parties.services`` writes ``Party``; a history
  record counts as its record);
- that frame is a test module, factory or conftest (``tests/``, ``conftest.py``: a test writing
  its own setup rows, or a stub it hands to the code under test), or no Catena code is on the
  stack at all (Django's own machinery);
- the writing app is ``demo``: the seed is a data generator and writes every app's rows;
- a migration is on the stack: migrations write whatever their data needs;
- the model is one of ``core``'s and ``core``'s code writes it (``events.emit`` for every app).

Anything else fails the test during which it happened, naming the model, the writing app and the
line. Rows deleted by a cascade are not checked again: the delete that caused them was.

There is no list of tolerated exceptions: a write across apps moves into the owning app's services
(``catena/tests/test_write_guard.py`` keeps it so).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from types import FrameType
from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed, pre_delete, pre_save

import catena
from catena.core import db

PACKAGE = os.path.dirname(os.path.abspath(catena.__file__)) + os.sep
# The seed writes every app's rows: it generates data, it is no use case of the product.
WRITES_ANYWHERE = frozenset({"demo"})

_SKIP, _CORE, _MIGRATION, _TEST = "", "core", "migration", "test"


@dataclass(frozen=True)
class Violation:
    model: str  # "parties.Party"
    writer: str  # the app that wrote it
    operation: str  # "save", "update", "bulk_create", "copy", …
    where: str  # "catena/sales/services.py:42 in place_order"

    def __str__(self) -> str:
        return f"{self.writer} wrote {self.model} ({self.operation}) at {self.where}"


class _State(threading.local):
    depth = 0  # > 0 inside a checked bulk operation: its own inner writes are not checked again
    caught: list[Violation] | None = None  # set by expect_violations()


_state = _State()
_lock = threading.Lock()
_found: list[Violation] = []
_kinds: dict[str, str] = {}
_catena_labels: frozenset[str] = frozenset()
_installed: list[Callable[[], None]] = []


def _kind(filename: str) -> str:
    """What a frame in ``filename`` counts as: an app label, core, a migration, or nothing."""
    kind = _kinds.get(filename)
    if kind is None:
        parts = filename[len(PACKAGE) :].split(os.sep)
        if filename == __file__:  # the guard's own wrappers
            kind = _SKIP
        elif "migrations" in parts:
            kind = _MIGRATION
        elif "tests" in parts or parts[-1] == "conftest.py":
            kind = _TEST
        elif len(parts) < 2:
            kind = _SKIP
        else:
            kind = parts[0]
        _kinds[filename] = kind
    return kind


def _writer(frame: FrameType | None) -> tuple[str, bool, FrameType | None]:
    """The writing app of the write whose innermost frame is ``frame`` (or "" for none), whether
    ``core``'s code is between it and the write, and the writer's frame."""
    core_seen = False
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith(PACKAGE):
            kind = _kind(filename)
            if kind == _CORE:
                core_seen = True
            elif kind in (_MIGRATION, _TEST):
                return "", core_seen, None
            elif kind:
                return kind, core_seen, frame
        frame = frame.f_back
    return "", core_seen, None


def _under_migration(frame: FrameType | None) -> bool:
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith(PACKAGE) and _kind(filename) == _MIGRATION:
            return True
        frame = frame.f_back
    return False


def check(model: type[models.Model], operation: str) -> None:
    """Record a violation if the code calling this may not write ``model``."""
    model = getattr(model, "instance_type", model)  # a history record counts as its record
    meta = model._meta
    label = meta.app_label
    if label not in _catena_labels:
        return
    caller = sys._getframe(1)
    writer, core_seen, frame = _writer(caller)
    if not writer or writer == label or writer in WRITES_ANYWHERE:
        return
    if label == "core" and core_seen:
        return
    model_label = f"{label}.{meta.object_name}"
    if _under_migration(frame):
        return
    assert frame is not None
    where = f"catena/{frame.f_code.co_filename[len(PACKAGE) :]}:{frame.f_lineno} in {frame.f_code.co_name}"
    violation = Violation(model_label, writer, operation, where)
    if _state.caught is not None:
        _state.caught.append(violation)
        return
    with _lock:
        _found.append(violation)


# --- hooks ---------------------------------------------------------------------------------------


def _on_save(sender: type[models.Model], raw: bool = False, **kwargs: Any) -> None:
    if not raw and not _state.depth:
        check(sender, "save")


def _on_delete(sender: type[models.Model], **kwargs: Any) -> None:
    if not _state.depth:
        check(sender, "delete")


def _on_m2m(sender: type[models.Model], action: str, **kwargs: Any) -> None:
    if action.startswith("pre_") and not _state.depth:
        check(sender, f"m2m {action[4:]}")


def _checked(owner: Any, name: str, model_of: Callable[[Any], type[models.Model]]) -> None:
    original = getattr(owner, name)

    @wraps(original)
    def checked(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not _state.depth:
            check(model_of(self), name)
        _state.depth += 1
        try:
            return original(self, *args, **kwargs)
        finally:
            _state.depth -= 1

    setattr(owner, name, checked)
    _installed.append(lambda: setattr(owner, name, original))


def install() -> None:
    """Start checking writes (once per process; every xdist worker installs its own)."""
    global _catena_labels
    if _installed:
        return
    from django.apps import apps

    _catena_labels = frozenset(
        config.label for config in apps.get_app_configs() if config.name.startswith("catena.")
    )
    for method in ("update", "bulk_create", "bulk_update", "delete"):
        _checked(models.QuerySet, method, lambda queryset: queryset.model)
    _checked(models.Model, "delete", type)
    _checked(db.Batch, "insert", lambda batch: batch.model)
    for signal, receiver in ((pre_save, _on_save), (pre_delete, _on_delete), (m2m_changed, _on_m2m)):
        signal.connect(receiver, dispatch_uid=f"write-guard-{signal}")
        _installed.append(lambda s=signal, r=receiver: s.disconnect(r, dispatch_uid=f"write-guard-{s}"))


def uninstall() -> None:
    while _installed:
        _installed.pop()()


def take() -> list[Violation]:
    """The violations found since the last call (by every thread of this process)."""
    with _lock:
        found = list(_found)
        _found.clear()
    return found


def report(found: list[Violation]) -> str:
    lines = [str(v) for v in dict.fromkeys(found)]
    return (
        "Writes across apps (each app writes only its own models; call the owning app's service "
        "instead):\n  " + "\n  ".join(lines)
    )


@contextmanager
def expect_violations() -> Iterator[list[Violation]]:
    """Collect the violations of this thread inside the block instead of failing the test."""
    previous, _state.caught = _state.caught, []
    try:
        yield _state.caught
    finally:
        _state.caught = previous
