"""Setup rows for the service desk's tests: customers, staff and portal users. Cases are opened
through the service, as every channel opens them."""

from __future__ import annotations

from typing import Any

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.parties.choices import PartyRoleType
from catena.parties.models import Party, PortalAccess
from catena.parties.tests.factories import PartyFactory
from catena.service.models import Case
from catena.service.services import open_case

PASSWORD = "pass-Catena-2026"


def customer(**fields: Any) -> Party:
    return PartyFactory.create(roles=[PartyRoleType.CUSTOMER], **fields)


def user(role: str = Role.SERVICE, **fields: Any) -> User:
    fields.setdefault("username", f"{role}-{User.objects.count() + 1}")
    return User.objects.create_user(password=PASSWORD, role=role, **fields)


def portal_user(party: Party, **fields: Any) -> User:
    found = user(Role.PORTAL_CUSTOMER, **fields)
    PortalAccess.objects.create(user=found, party=party)
    return found


def case(party: Party | None = None, *, actor: Any, **fields: Any) -> Case:
    fields.setdefault("case_type", "complaint")
    fields.setdefault("subject", "货物破损")
    fields.setdefault("body", "收到的纸箱压坏了，三件产品外壳破裂。")
    return open_case(party or customer(), actor=actor, **fields)
