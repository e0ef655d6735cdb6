"""Declared events: emit refuses what its declaration does not allow, every emit in the code names
a declared event, and the committed catalogue (docs/events.md) is the generated one."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from pydantic import Field

import catena
from catena.core import events
from catena.core.event_catalogue import COMMITTED_PATH, REGENERATE, emit_problems, render_catalogue
from catena.core.models import Event
from catena.parties.events import PartyCreated, PartyUpdated
from catena.parties.models import Party

PROJECT_DIR = Path(catena.__file__).resolve().parent.parent
CODE_DIR = Path(catena.__file__).resolve().parent


@pytest.fixture
def party(db: None) -> Party:
    return Party.objects.create(name="事件声明测试有限公司")


# --- emit checks against the declaration ---------------------------------------------------------


def test_emitting_an_undeclared_event_fails_and_writes_nothing(party: Party) -> None:
    with pytest.raises(events.EventError, match="party.renamed is not a declared event"):
        events.emit("party.renamed", party, payload={"name": party.name})

    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        ({"roles": ["customer"]}, "name"),  # a field missing
        ({"name": "甲公司", "roles": "customer"}, "roles"),  # a list given as text
        ({"name": 42, "roles": []}, "name"),  # a number for text
        ({"name": "甲公司", "roles": [], "credit": 5}, "credit"),  # a field not declared
    ],
    ids=["missing field", "wrong type (list)", "wrong type (text)", "extra field"],
)
def test_a_payload_of_the_wrong_shape_fails(party: Party, payload: dict[str, Any], problem: str) -> None:
    with pytest.raises(events.EventError, match=problem):
        events.emit("party.created", party, payload=payload)

    assert not Event.objects.exists()


def test_a_number_sent_as_text_is_not_taken_for_a_number(party: Party) -> None:
    with pytest.raises(events.EventError, match="from_party"):
        events.emit(
            "relationship.created", party, payload={"from_party": "7", "to_party": 9, "kind": "supplies"}
        )


def test_a_subject_of_another_type_fails(party: Party) -> None:
    with pytest.raises(events.EventError, match="the subject is a catalog.product, not a parties.party"):
        events.emit("product.created", party, payload={"sku": "X-1"})


def test_a_typed_payload_is_stored_as_json_with_the_declared_version(party: Party) -> None:
    event = events.emit(PartyCreated(name=party.name, roles=["customer"]), party)

    event.refresh_from_db()
    assert (event.name, event.version, event.subject_type) == ("party.created", 1, "parties.party")
    assert event.payload == {"name": party.name, "roles": ["customer"]}


def test_a_typed_payload_checks_its_fields_when_it_is_made() -> None:
    with pytest.raises(ValueError, match="fields"):
        PartyUpdated(fields="name")  # type: ignore[arg-type]


def test_a_payload_class_that_is_not_declared_itself_fails(party: Party) -> None:
    with pytest.raises(events.EventError, match="FieldsChanged is not a declared event payload"):
        events.emit(events.FieldsChanged(fields=["name"]), party)


def test_a_field_named_like_a_keyword_is_stored_under_its_name(db: None) -> None:
    from catena.sales.events import OpportunityStepChanged

    payload = OpportunityStepChanged.model_validate({"from": "qualify", "to": "proposal", "probability": 40})

    assert payload.model_dump(mode="json", by_alias=True) == {
        "from": "qualify",
        "to": "proposal",
        "probability": 40,
    }


# --- the declarations ------------------------------------------------------------------------------


def test_every_declared_event_has_an_example_that_validates() -> None:
    for declaration in events.declarations():
        declaration.check(declaration.example)  # raises EventError with the event's name


def test_every_declared_event_says_when_it_happens_and_what_each_field_means() -> None:
    vague = []
    for declaration in events.declarations():
        if not declaration.when:
            vague.append(f"{declaration.name}: no docstring")
        for name, field in declaration.payload.model_fields.items():
            if not field.description:
                vague.append(f"{declaration.name}.{name}: no docstring under the field")
    assert vague == []


def test_a_name_cannot_be_declared_twice() -> None:
    events.declarations()

    with pytest.raises(events.EventError, match="party.created is declared twice"):

        @events.declare("party.created", subject="parties.party", example={})
        class AnotherPartyCreated(events.EventPayload):
            """A second declaration of the same name."""

    assert events.declaration("party.created").payload is PartyCreated


def test_event_names_are_family_dot_action_and_subjects_are_models() -> None:
    from django.apps import apps

    subjects = {events.subject_label(model) for model in apps.get_models()}
    for declaration in events.declarations():
        family, _, action = declaration.name.partition(".")
        assert family and action and declaration.name == declaration.name.lower(), declaration.name
        assert declaration.subject in subjects, declaration.subject


# --- every emit in the code names a declared event ---------------------------------------------


def _declared() -> tuple[set[str], set[str]]:
    found = events.declarations()
    return {d.name for d in found}, {d.payload.__name__ for d in found}


def test_every_emit_in_the_code_base_names_a_declared_event() -> None:
    names, classes = _declared()

    assert emit_problems(CODE_DIR, names, classes) == []


def test_the_scan_reports_undeclared_and_unresolvable_events(tmp_path: Path) -> None:
    code = tmp_path / "catena" / "broken"
    code.mkdir(parents=True)
    (code / "services.py").write_text(
        textwrap.dedent(
            """
            from catena.core import events

            def good(party, kind):
                events.emit("party.updated", party, payload={"fields": ["name"]})
                name = {1: "party.created", 2: "party.deleted"}[kind]
                events.emit(name, party, payload={"name": party.name})

            def broken(party, suffix, flag):
                events.emit("party.renamed", party, payload={})
                events.emit("party.created" if flag else "party.merged", party, payload={})
                events.emit(PartyRenamed(name="x"), party)
                events.emit(f"party.{suffix}", party)
            """
        ),
        encoding="utf-8",
    )
    names, classes = _declared()

    problems = emit_problems(tmp_path / "catena", names, classes)

    assert problems == [
        "catena/broken/services.py:10: party.renamed is not a declared event",
        "catena/broken/services.py:11: party.merged is not a declared event",
        "catena/broken/services.py:12: PartyRenamed is not a declared event payload",
        "catena/broken/services.py:13: cannot tell which event this emits (name it literally)",
    ]


# --- the catalogue ------------------------------------------------------------------------------


def test_committed_catalogue_matches_the_declarations() -> None:
    committed = (PROJECT_DIR / COMMITTED_PATH).read_text(encoding="utf-8")

    assert committed == render_catalogue(), f"docs/events.md is out of date: run `{REGENERATE}`"


@pytest.fixture
def a_new_event() -> Iterator[str]:
    @events.declare("party.merged", subject="parties.party", example={"into": 7})
    class PartyMerged(events.EventPayload):
        """A party was merged into another."""

        into: int = Field(description="The party it was merged into.")

    yield "party.merged"
    events._declared.pop("party.merged")


def test_a_new_declaration_makes_the_committed_catalogue_out_of_date(a_new_event: str) -> None:
    committed = (PROJECT_DIR / COMMITTED_PATH).read_text(encoding="utf-8")

    rendered = render_catalogue()

    assert rendered != committed
    assert f"### `{a_new_event}`" in rendered
    assert "| `into` | integer | The party it was merged into. |" in rendered


def test_the_catalogue_names_every_declared_event_once() -> None:
    rendered = render_catalogue()

    for declaration in events.declarations():
        assert rendered.count(f"### `{declaration.name}`") == 1


def test_the_command_prints_and_writes_the_catalogue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "docs" / "events.md"

    call_command("events_doc")
    printed = capsys.readouterr().out
    call_command("events_doc", output=str(target))

    assert printed == render_catalogue() == target.read_text(encoding="utf-8")
