"""Check that the zh-Hans translation is complete and compiled.

1. Extract every translatable string from the code and templates (Django's makemessages, run on
   a temporary copy so the working tree is untouched).
2. Fail if any of them has no Chinese translation in catena/locale/zh_Hans/LC_MESSAGES/django.po,
   or is marked fuzzy.
3. Fail if a translation breaks its placeholders (msgfmt --check-format), or if the committed
   django.mo does not hold the same translations as django.po.

Django's settings are not loaded: makemessages needs none, and without them it reads only the copy
(so the check works before the database, the var/ directory or the broker exist).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "catena" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def extract() -> polib.POFile:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "catena"
        shutil.copytree(
            ROOT / "catena", copy, ignore=shutil.ignore_patterns("__pycache__", "tests", "migrations")
        )
        # The same extraction as scripts/update_translations (tests/ and migrations/ are left out
        # of the copy, as its --ignore options leave them out there).
        subprocess.run(
            [
                sys.executable,
                "-m",
                "django",
                "makemessages",
                "-l",
                "zh_Hans",
                "--no-obsolete",
                "--no-location",
            ],
            cwd=copy,
            check=True,
            capture_output=True,
            env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        )
        return polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))


def key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def main() -> int:
    committed = polib.pofile(str(PO))
    translated = {key(e): e for e in committed if e.translated() and "fuzzy" not in e.flags}
    problems = [e.msgid for e in extract() if key(e) not in translated]
    if problems:
        print(f"{len(problems)} strings have no zh-Hans translation (run scripts/update_translations):")
        for msgid in problems[:50]:
            print(f"  - {msgid!r}")
        return 1
    check = subprocess.run(
        ["msgfmt", "--check-format", "-o", os.devnull, str(PO)], capture_output=True, text=True
    )
    if check.returncode != 0:
        print(f"django.po has broken placeholders:\n{check.stderr}")
        return 1
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(MO))}
    stale = [
        msgid
        for (ctx, msgid), e in translated.items()
        if compiled.get((ctx, msgid)) != (e.msgstr or e.msgstr_plural)
    ]
    if stale:
        print(
            f"django.mo is out of date for {len(stale)} strings: run scripts/update_translations --compile."
        )
        return 1
    print(f"zh-Hans translation complete: {len(translated)} strings.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
