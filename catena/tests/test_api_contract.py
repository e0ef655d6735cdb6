"""The API keeps the promises of its own OpenAPI document (schemathesis).

Every operation is called with generated input, valid and invalid, as an administrator and as a
portal customer: no answer may be a server error, every status must be documented for the
operation, and every body must match the documented schema. A bounded number of examples per
operation keeps the run to a few minutes on each database; a throwaway API with a deliberately
broken endpoint proves the same helper catches each kind of breach.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from django.urls import path
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from ninja import NinjaAPI, Schema
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from catena.accounts.choices import Role
from catena.accounts.services import create_api_token
from catena.api import CatenaAPI
from catena.fulfilment.tests.scenario import build_chain, portal_user, stock_order
from catena.integrations.management.commands.openapi import render_openapi

pytestmark = [pytest.mark.contract, pytest.mark.django_db]

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]
MAX_EXAMPLES = 4  # per operation, per mode and per user: about two minutes a user on a quiet machine
VALID = schemathesis.GenerationMode.POSITIVE
INVALID = schemathesis.GenerationMode.NEGATIVE


@dataclass
class Report:
    """What a run found, one line per operation and mode that broke its promise."""

    failures: list[str] = field(default_factory=list)
    operations: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    refused_credentials: set[str] = field(default_factory=set)  # operations that answered 401
    seconds: float = 0.0

    def __str__(self) -> str:
        return "\n\n".join(self.failures)


@pytest.fixture
def in_process_requests() -> Iterator[None]:
    """Serve requests inside the test's transaction, as Django's own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def check_api(
    schema: Any,
    headers: dict[str, str],
    *,
    modes: Sequence[schemathesis.GenerationMode] = (VALID, INVALID),
    max_examples: int = MAX_EXAMPLES,
    known_ids: int = 0,
) -> Report:
    """Call every operation of ``schema`` with generated input and collect every breach."""
    report = Report()
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        report.operations += 1
        for mode in modes:
            strategy = operation.as_strategy(generation_mode=mode)

            # Random ids almost never exist: half of the cases aim at the seeded records instead.
            @settings(
                max_examples=max_examples,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy, seeded=st.booleans(), row=st.integers(1, max(known_ids, 1)))
            def call(case: Any, seeded: bool, row: int) -> None:
                if known_ids and seeded and isinstance(case.path_parameters, dict):
                    case.path_parameters = dict.fromkeys(case.path_parameters, row)
                # A server error would leave PostgreSQL's transaction unusable for the cases after it.
                savepoint = transaction.savepoint()
                response = case.call(headers=headers)
                if response.status_code >= 500:
                    transaction.savepoint_rollback(savepoint)
                else:
                    transaction.savepoint_commit(savepoint)
                report.statuses[response.status_code] += 1
                if response.status_code == 401:
                    report.refused_credentials.add(case.operation.label)
                case.validate_response(response, checks=CHECKS, headers=headers)

            try:
                call()
            except Unsatisfiable:  # an operation without input has no invalid input to send
                pass
            except (Exception, BaseExceptionGroup) as exc:  # failed checks, with the case that broke them
                report.failures.append(f"{operation.label} [{mode}]: {exc}")
    report.seconds = time.monotonic() - started
    return report


def catena_schema() -> Any:
    schema = schemathesis.openapi.from_dict(json.loads(render_openapi()))
    schema.app = WSGIHandler()
    return schema


@pytest.fixture
def seeded(make_user: Any) -> dict[str, str]:
    """An administrator and a portal customer with their tokens, and a chain with orders."""
    chain = build_chain()
    stock_order(chain, quantity=3)
    stock_order(chain, quantity=2, customer=chain.other_customer)
    admin = make_user(Role.ADMINISTRATOR, username="contract-admin")
    customer = portal_user(chain.customer, Role.PORTAL_CUSTOMER)
    return {
        "administrator": f"Bearer {create_api_token(admin, name='contract')[1]}",
        "portal customer": f"Bearer {create_api_token(customer, name='contract')[1]}",
    }


# Invalid input is refused alike for every user: the portal customer's run is about scope.
@pytest.mark.parametrize(
    ("who", "modes"), [("administrator", (VALID, INVALID)), ("portal customer", (VALID,))]
)
def test_every_operation_keeps_its_documented_contract(
    who: str,
    modes: tuple[Any, ...],
    seeded: dict[str, str],
    in_process_requests: None,
) -> None:
    schema = catena_schema()

    report = check_api(schema, {"Authorization": seeded[who]}, modes=modes, known_ids=5)

    assert report.operations > 80
    assert not report.failures, f"{len(report.failures)} breaches as {who}:\n\n{report}"
    # The run reached the operations themselves, not only the gate in front of them: only the
    # carriers' endpoint, which takes a carrier's key instead of a user's token, refused.
    assert report.statuses[200] > 50, report.statuses
    assert {label.split()[1] for label in report.refused_credentials} <= {
        "/api/v1/webhooks/inbound/carriers/{key_prefix}/events"
    }


# --- the same helper on a deliberately broken API -------------------------------------------------


class ThingOut(Schema):
    id: int
    name: str


broken = NinjaAPI(urls_namespace="broken-contract")


@broken.get("/crash", response={200: ThingOut}, auth=None)
def crash(request: Any) -> Any:
    raise RuntimeError("a bug")


@broken.get("/teapot", response={200: ThingOut}, auth=None)
def undocumented_status(request: Any) -> Any:
    return broken.create_response(request, {"detail": "no"}, status=418)


@broken.get("/liar", response={200: ThingOut}, auth=None)
def wrong_body(request: Any) -> Any:
    return broken.create_response(request, {"id": "not a number"}, status=200)


urlpatterns = [path("broken/", broken.urls)]


@override_settings(ROOT_URLCONF=__name__, DEBUG_PROPAGATE_EXCEPTIONS=False)
def test_the_check_reports_a_server_error_an_undocumented_status_and_a_wrong_body(
    in_process_requests: None,
) -> None:
    document = broken.get_openapi_schema(path_prefix="/broken/")
    schema = schemathesis.openapi.from_dict(json.loads(json.dumps(document, default=str)))
    schema.app = WSGIHandler()

    report = check_api(schema, {}, max_examples=2)

    assert report.operations == 3
    found: dict[str, str] = {}
    for line in report.failures:
        label = line.split(" [")[0]
        found[label] = found.get(label, "") + line
    assert set(found) == {"GET /broken/crash", "GET /broken/teapot", "GET /broken/liar"}
    assert "Server error" in found["GET /broken/crash"]
    assert "Undocumented status code" in found["GET /broken/teapot"]
    assert "Response violates schema" in found["GET /broken/liar"]


def test_an_operation_documents_every_error_status_it_can_answer() -> None:
    document = json.loads(render_openapi())

    patch_party = document["paths"]["/api/v1/parties/{party_id}"]["patch"]["responses"]
    list_parties = document["paths"]["/api/v1/parties/"]["get"]["responses"]

    assert {"400", "401", "403", "404", "409", "422"} <= set(patch_party)
    assert {"401", "422"} <= set(list_parties) and "404" not in list_parties
    error = {"$ref": "#/components/schemas/ErrorOut"}
    assert patch_party["400"]["content"]["application/json"]["schema"] == error


def test_two_different_schemas_of_one_name_are_refused() -> None:
    first, second = _two_things_named_alike()
    api = CatenaAPI(urls_namespace="alike")
    api.get("/a", response=first, auth=None)(lambda request: None)
    api.get("/b", response=second, auth=None)(lambda request: None)

    with pytest.raises(ValueError, match="ThingRef"):
        api.get_openapi_schema(path_prefix="/")


def _two_things_named_alike() -> tuple[type[Schema], type[Schema]]:
    class ThingRef(Schema):
        id: int

    first = ThingRef

    class ThingRef(Schema):  # type: ignore[no-redef]
        code: str

    return first, ThingRef
