"""Policies of the records that belong to nobody in particular: departments, custom fields,
portal access, API tokens, party roles and the event outbox."""

from __future__ import annotations

from collections.abc import Callable

from catena.accounts.choices import Role
from catena.accounts.models import APIToken, Department, User
from catena.accounts.services import create_api_token
from catena.core import access
from catena.core.models import Event
from catena.parties.models import CustomField, PortalAccess


def test_staff_read_departments_and_custom_fields_and_only_administrators_change_them(
    sales: User, admin_user: User, make_user: Callable[..., User]
) -> None:
    customer = make_user(Role.PORTAL_CUSTOMER)

    for model in (Department, CustomField):
        assert access.can(sales, access.VIEW, model)
        assert not access.can(sales, access.CHANGE, model)
        assert access.can(admin_user, access.CHANGE, model)
        assert not access.can(customer, access.VIEW, model)


def test_users_see_and_revoke_only_their_own_tokens(
    sales: User, admin_user: User, make_user: Callable[..., User]
) -> None:
    colleague = make_user(Role.SALES)
    mine, _raw = create_api_token(sales, name="erp")
    theirs, _raw = create_api_token(colleague, name="wms")

    seen = set(access.restrict(APIToken.objects.all(), sales).values_list("pk", flat=True))

    assert seen == {mine.pk}
    assert access.can(sales, access.DELETE, mine)
    assert not access.can(sales, access.DELETE, theirs)
    assert set(access.restrict(APIToken.objects.all(), admin_user).values_list("pk", flat=True)) == {
        mine.pk,
        theirs.pk,
    }


def test_only_administrators_read_the_event_outbox(
    sales: User, manager: User, admin_user: User, make_user: Callable[..., User]
) -> None:
    Event.objects.create(name="party.created", subject_type="parties.party", subject_id="1", payload={})

    assert access.restrict(Event.objects.all(), admin_user).count() == 1
    for user in (sales, manager, make_user(Role.PORTAL_CUSTOMER)):
        assert access.restrict(Event.objects.all(), user).count() == 0


def test_portal_access_is_managed_by_administrators_only(
    sales: User, admin_user: User, make_user: Callable[..., User]
) -> None:
    assert access.can(admin_user, access.VIEW, PortalAccess)
    assert not access.can(sales, access.VIEW, PortalAccess)
    assert not access.can(make_user(Role.PORTAL_CUSTOMER), access.VIEW, PortalAccess)
