"""Every app has the same skeleton, and a module that outgrows ~400 lines becomes a package.

The skeleton (docs/architecture.md): ``models``, ``choices``, ``services``, ``selectors``,
``policies``, ``events``, ``errors``, ``apps`` and ``tests/`` in every app; ``views`` + ``urls``
+ ``templates/`` in an app with pages; ``api`` + ``schemas`` in an app with an API. Each module
may be ``name.py`` or a package ``name/`` of topic modules (``services/leads.py``,
``views/board.py``), never suffix-named siblings (``views_board.py`` beside ``views.py``).

The tables below say where an app differs, and why. ``KNOWN_GAPS`` and ``OVERSIZED`` are debts
to burn down: they may only shrink (an entry that is no longer true fails, so it gets removed).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]

CORE = ("models", "choices", "services", "selectors", "policies", "events", "errors", "apps", "tests")
PAGES = ("views", "urls", "templates")
API = ("api", "schemas")
# The names a module of the skeleton may have; ``<name>_<topic>.py`` beside ``<name>`` is refused.
SKELETON = (*CORE, *PAGES, *API, "forms", "tasks", "admin")
MAX_LINES = 400


@dataclass(frozen=True)
class Surface:
    pages: bool
    api: bool
    why: str = ""


# What each app offers its users: pages (views + urls + templates/), an API (api + schemas).
# An app without one says why.
APPS = {
    "accounts": Surface(pages=True, api=False, why="tokens and users are managed on pages and by commands"),
    "catalog": Surface(pages=True, api=True),
    "comms": Surface(pages=True, api=True),
    "core": Surface(
        pages=False, api=False, why="the shared kernel: the error pages only, no URLs of its own"
    ),
    "fulfilment": Surface(pages=True, api=True),
    "insights": Surface(pages=True, api=True),
    "integrations": Surface(pages=True, api=True),
    "parties": Surface(pages=True, api=True),
    "portal": Surface(pages=True, api=False, why="portal callers use the apps' API with their own token"),
    "sales": Surface(pages=True, api=True),
    "service": Surface(pages=True, api=True),
    "workspace": Surface(pages=True, api=True),
}

# Packages under catena/ that are not apps of the product, with why.
NOT_APPS = {
    "demo": "builds the demo data through the other apps' services; it owns no records",
    "formats": "number formats of a language where they differ from Django's (FORMAT_MODULE_PATH)",
    "locale": "translations",
    "static": "the shared stylesheet and scripts",
    "templates": "the shared page frame and components",
    "tests": "tests across apps",
}

# Skeleton modules that do not apply to an app, for good: (app, module) -> why.
NOT_APPLICABLE = {
    ("core", "choices"): "the kernel has no domain vocabulary of its own",
    ("core", "services"): "the kernel offers building blocks (events.emit, history), not use cases",
    ("core", "selectors"): "the kernel reads no records for pages",
    ("core", "policies"): "core/access.py is the gate the apps' policies register with",
    ("portal", "models"): "the portal owns no records: it shows other apps' through their policies",
    ("portal", "choices"): "the portal's sections are constants of its policies",
}

# Skeleton modules an app lacks today: debts to burn down, (app, module) -> why it is missing.
KNOWN_GAPS = {
    ("accounts", "selectors"): "the reads of users live in roles.py and the views",
    ("accounts", "events"): "no account change emits a domain event yet",
    ("insights", "errors"): "insights raises no coded errors yet",
}

# Suffix-named siblings kept for now: path -> why.
SUFFIX_EXCEPTIONS = {
    "parties/api_relationships.py": "being changed in parallel; becomes parties/api/relationships.py next",
}

# Modules over MAX_LINES today, with their line count: they may shrink, never grow (split them
# into a package of topic modules and remove the entry).
OVERSIZED: dict[str, int] = {}


def has_module(app: Path, name: str) -> bool:
    """``name.py`` or a package ``name/`` (``tests`` and ``templates`` are folders)."""
    if name in ("tests", "templates"):
        return (app / name).is_dir()
    return (app / f"{name}.py").is_file() or (app / name / "__init__.py").is_file()


def required_modules(surface: Surface) -> tuple[str, ...]:
    return CORE + (PAGES if surface.pages else ()) + (API if surface.api else ())


def missing_modules(root: Path, apps: dict[str, Surface]) -> set[tuple[str, str]]:
    return {
        (name, module)
        for name, surface in apps.items()
        for module in required_modules(surface)
        if not has_module(root / name, module)
    }


def suffix_siblings(root: Path) -> set[str]:
    """Modules named ``<skeleton name>_<topic>.py`` beside a module or package of that name."""
    found = set()
    for path in root.rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.relative_to(root).parts:
            continue
        stem, _, topic = path.stem.partition("_")
        if topic and stem in SKELETON and has_module(path.parent, stem):
            found.add(path.relative_to(root).as_posix())
    return found


def line_counts(root: Path) -> dict[str, int]:
    """The modules over MAX_LINES, outside migrations and tests."""
    counts = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        if "migrations" in parts or "tests" in parts:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            counts[path.relative_to(root).as_posix()] = lines
    return counts


def oversized_problems(counts: dict[str, int], allowed: dict[str, int]) -> list[str]:
    problems = [f"{p} has {n} lines: split it into a package" for p, n in counts.items() if p not in allowed]
    problems += [
        f"{p} grew from {allowed[p]} to {n} lines: split it"
        for p, n in counts.items()
        if n > allowed.get(p, n)
    ]
    problems += [
        f"{p} is no longer over {MAX_LINES} lines: drop it from OVERSIZED" for p in allowed if p not in counts
    ]
    return sorted(problems)


# --- the product --------------------------------------------------------------------------------


def test_every_package_under_catena_is_an_app_or_declared_not_one() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}

    assert packages == set(APPS) | set(NOT_APPS)


def test_every_app_has_the_skeleton_modules() -> None:
    missing = missing_modules(PACKAGE, APPS)

    unexplained = missing - set(NOT_APPLICABLE) - set(KNOWN_GAPS)
    assert unexplained == set(), f"add these modules (real content, not a stub): {sorted(unexplained)}"


def test_the_skeleton_tables_only_name_modules_that_are_really_missing() -> None:
    missing = missing_modules(PACKAGE, APPS)

    stale = (set(NOT_APPLICABLE) | set(KNOWN_GAPS)) - missing
    assert stale == set(), f"these modules exist now: drop them from the tables {sorted(stale)}"


def test_an_app_without_pages_or_api_says_why() -> None:
    silent = [
        name for name, surface in APPS.items() if not (surface.pages and surface.api) and not surface.why
    ]

    assert silent == []


def test_no_module_has_suffix_named_siblings() -> None:
    found = suffix_siblings(PACKAGE)

    assert found - set(SUFFIX_EXCEPTIONS) == set(), "make these topic modules of a package of that name"
    assert set(SUFFIX_EXCEPTIONS) - found == set(), "this exception is gone: drop it from SUFFIX_EXCEPTIONS"


def test_no_module_outgrows_its_size_and_the_oversized_ones_only_shrink() -> None:
    assert oversized_problems(line_counts(PACKAGE), OVERSIZED) == []


# --- the checker on a deliberately broken layout -----------------------------------------------


def write(root: Path, *paths: str, lines: int = 1) -> None:
    for relative in paths:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".py":
            path.write_text("x = 1\n" * lines, encoding="utf-8")
        else:
            path.mkdir(exist_ok=True)


def test_the_checker_flags_a_broken_app_layout(tmp_path: Path) -> None:
    # Given an app with pages and an API whose events, errors and schemas are missing, whose
    # selectors are a folder without __init__, and whose pages are suffix files beside views.py
    write(
        tmp_path,
        "shop/models.py",
        "shop/choices.py",
        "shop/services/__init__.py",
        "shop/services/orders.py",
        "shop/selectors/orders.py",
        "shop/policies.py",
        "shop/apps.py",
        "shop/tests/__init__.py",
        "shop/views.py",
        "shop/views_board.py",
        "shop/api_quotes.py",
        "shop/urls.py",
        "shop/templates",
        "shop/api.py",
    )
    write(tmp_path, "shop/services/pricing.py", lines=MAX_LINES + 1)
    write(tmp_path, "shop/schemas_quotes.py", lines=MAX_LINES)

    # When the checker looks at it
    missing = missing_modules(tmp_path, {"shop": Surface(pages=True, api=True)})
    siblings = suffix_siblings(tmp_path)
    oversized = oversized_problems(line_counts(tmp_path), {"shop/gone.py": 500})

    # Then it names every missing module, every suffix sibling and every oversized module
    assert missing == {("shop", "events"), ("shop", "errors"), ("shop", "selectors"), ("shop", "schemas")}
    assert siblings == {"shop/views_board.py", "shop/api_quotes.py"}  # no schemas.py beside schemas_quotes
    assert oversized == [
        f"shop/gone.py is no longer over {MAX_LINES} lines: drop it from OVERSIZED",
        f"shop/services/pricing.py has {MAX_LINES + 1} lines: split it into a package",
    ]


def test_the_checker_accepts_a_module_or_a_package_and_a_shrinking_module(tmp_path: Path) -> None:
    # Given an app whose modules are files or packages of topic modules, and a known big module
    # that shrank
    write(
        tmp_path,
        *(f"shop/{name}.py" for name in ("models", "choices", "policies", "events", "errors", "apps")),
    )
    write(tmp_path, "shop/services/__init__.py", "shop/services/quotes.py", "shop/selectors/__init__.py")
    write(tmp_path, "shop/tests/__init__.py", "shop/views/__init__.py", "shop/views/board.py", "shop/urls.py")
    write(tmp_path, "shop/templates")
    write(tmp_path, "shop/services/orders.py", lines=MAX_LINES + 10)

    # When the checker looks at it
    missing = missing_modules(tmp_path, {"shop": Surface(pages=True, api=False, why="pages only")})
    oversized = oversized_problems(line_counts(tmp_path), {"shop/services/orders.py": MAX_LINES + 20})

    # Then nothing is flagged
    assert missing == set()
    assert suffix_siblings(tmp_path) == set()
    assert oversized == []
