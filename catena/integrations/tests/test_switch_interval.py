"""Overlapped imports lower the interpreter's thread switch interval, a setting of the whole
process: imports running at the same time in one worker must leave it as they found it."""

from __future__ import annotations

import sys

from catena.integrations.importers.base import _SwitchInterval


def test_two_overlapping_imports_restore_the_interval_when_the_last_one_ends() -> None:
    original = sys.getswitchinterval()
    guard = _SwitchInterval(original / 10)
    try:
        guard.enter()  # the first import starts
        guard.enter()  # a second starts while the first runs
        guard.leave()  # the first ends: the second still wants the short interval
        assert sys.getswitchinterval() == original / 10
        guard.leave()  # the last ends

        assert sys.getswitchinterval() == original
    finally:
        sys.setswitchinterval(original)
