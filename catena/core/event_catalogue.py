"""``docs/events.md``, the catalogue of domain events, generated from their declarations.

``catena events_doc --output docs/events.md`` writes it; a test fails when the committed file and
the declarations disagree.
"""

from __future__ import annotations

import ast
import inspect
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from catena.core.events import Declaration, declarations

COMMITTED_PATH = Path("docs") / "events.md"
REGENERATE = "catena events_doc --output docs/events.md"

INTRO = f"""\
# Domain events

<!-- Generated from the declarations in catena/*/events.py by `{REGENERATE}`.
     Do not edit by hand: a test fails when this file and the declarations disagree. -->

Every change worth knowing about writes a domain event in the same transaction as the change
(the outbox, [architecture](architecture.md)). Webhook subscribers receive them
([API, webhooks](api.md)) as this JSON document:

```json
{{
  "id": "evt_4711",
  "event": "party.created",
  "version": 1,
  "occurred_at": "2027-01-12T00:30:00Z",
  "subject": {{"type": "parties.party", "id": "1041"}},
  "actor": {{"id": 3, "username": "wang.fang", "display_name": "王芳"}},
  "payload": {{"name": "上海精工机械有限公司", "roles": ["customer"]}}
}}
```

`payload` has the fields listed below for its event. `version` is the version of the event's
declaration: a field may be added to a payload within a version (receivers ignore fields they do
not know); renaming or removing a field, or changing its type or meaning, makes a new version.
Imports announce their records in batches, one `….imported` event per committed chunk of rows.
How to declare a new event: [adding an event](development/adding-an-event.md).
"""


def _type_of(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in schema:
        target = defs[schema["$ref"].rsplit("/", 1)[-1]]
        inner = ", ".join(f"{name}: {_type_of(prop, defs)}" for name, prop in target["properties"].items())
        return f"object ({inner})"
    if "anyOf" in schema:
        kinds = [_type_of(option, defs) for option in schema["anyOf"] if option.get("type") != "null"]
        nullable = any(option.get("type") == "null" for option in schema["anyOf"])
        return " or ".join(kinds) + (" or null" if nullable else "")
    kind = schema.get("type", "any")
    if kind == "array":
        return f"array of {_type_of(schema.get('items', {}), defs)}"
    return str(kind)


def _fields(declaration: Declaration) -> list[str]:
    schema = declaration.payload.model_json_schema(by_alias=True)
    properties = schema.get("properties", {})
    if not properties:
        return ["No fields.", ""]
    required = set(schema.get("required", []))
    defs = schema.get("$defs", {})
    lines = ["| field | type | meaning |", "|---|---|---|"]
    for name, prop in properties.items():
        kind = _type_of(prop, defs)
        if name not in required:
            kind += ", optional"
        meaning = " ".join(prop.get("description", "").split()).replace("|", "\\|")
        lines.append(f"| `{name}` | {kind} | {meaning} |")
    return [*lines, ""]


def _section(declaration: Declaration) -> list[str]:
    payload = declaration.payload
    source = Path(inspect.getfile(payload)).resolve()
    module = "/".join(source.parts[source.parts.index("catena") :])
    example = json.dumps(declaration.example, ensure_ascii=False, indent=2, sort_keys=False)
    return [
        f"### `{declaration.name}`",
        "",
        declaration.when,
        "",
        f"Version {declaration.version}; subject `{declaration.subject}`; "
        f"declared as `{payload.__name__}` in `{module}`.",
        "",
        *_fields(declaration),
        "```json",
        example,
        "```",
        "",
    ]


def render_catalogue() -> str:
    """The catalogue as Markdown, the same on every run: events grouped by family, by name."""
    families: dict[str, list[Declaration]] = defaultdict(list)
    for declaration in declarations():
        families[declaration.name.split(".", 1)[0]].append(declaration)
    lines = [INTRO, "## Index", "", "| event | version | subject | when |", "|---|---|---|---|"]
    for declaration in declarations():
        when = declaration.when.split(". ")[0].rstrip(".")
        anchor = declaration.name.replace(".", "")  # as GitHub makes it from the heading
        lines.append(
            f"| [`{declaration.name}`](#{anchor}) | {declaration.version} | "
            f"`{declaration.subject}` | {when}. |"
        )
    lines.append("")
    for family in sorted(families):
        lines += [f"## {family}", ""]
        for declaration in families[family]:
            lines += _section(declaration)
    return "\n".join(lines).rstrip("\n") + "\n"


# --- every emit names a declared event ---------------------------------------------------------


def _callee(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def _event_names(value: ast.expr) -> list[str] | None:
    """The event names an expression may be: a literal, either branch of ``a if c else b``, or
    the string values of a dict literal (a name looked up by a key); None if it is none of these."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return [value.value]
    if isinstance(value, ast.IfExp):
        body, orelse = _event_names(value.body), _event_names(value.orelse)
        return None if body is None or orelse is None else body + orelse
    if isinstance(value, ast.Subscript) and isinstance(value.value, ast.Dict):
        names = [_event_names(v) for v in value.value.values if v is not None]
        return None if any(n is None for n in names) else [x for n in names if n for x in n]
    return None


def _assigned(scope: ast.AST, variable: str) -> list[ast.expr]:
    return [
        node.value
        for node in ast.walk(scope)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == variable for t in node.targets)
    ]


def emit_problems(root: Path, names: set[str], payload_classes: set[str]) -> list[str]:
    """Every ``emit(…)`` under ``root`` (tests left out) whose event is not declared, or whose
    event cannot be told from the code (``path:line: problem``)."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        if "tests" in path.relative_to(root).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        scopes = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _callee(node) == "emit" and node.args):
                continue
            where = f"{path.relative_to(root.parent)}:{node.lineno}"
            first = node.args[0]
            if isinstance(first, ast.Call):
                cls = _callee(first)
                if cls not in payload_classes:
                    problems.append(f"{where}: {cls} is not a declared event payload")
                continue
            found = _event_names(first)
            if found is None and isinstance(first, ast.Name):
                scope = next(
                    (s for s in scopes if s.lineno <= node.lineno <= (s.end_lineno or s.lineno)), tree
                )
                values = [_event_names(v) for v in _assigned(scope, first.id)]
                if values and all(v is not None for v in values):
                    found = [x for v in values if v for x in v]
            if found is None:
                problems.append(f"{where}: cannot tell which event this emits (name it literally)")
                continue
            problems += [f"{where}: {name} is not a declared event" for name in found if name not in names]
    return problems
