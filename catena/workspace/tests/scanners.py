"""Virus-scan hooks for the tests (``CATENA_VIRUS_SCAN``): one flags the EICAR test string as a
scanner would, one fails."""

from __future__ import annotations

from typing import IO

EICAR_MARK = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"


def flag_eicar(file: IO[bytes]) -> str:
    return "infected" if EICAR_MARK in file.read() else "clean"


def broken(file: IO[bytes]) -> str:
    raise ConnectionError("the scanner is not answering")
