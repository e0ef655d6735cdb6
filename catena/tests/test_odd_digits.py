"""Numbers typed with characters Python calls digits but cannot read as one ("²", "³") must be
treated as no number, not end in a server error, on every page that reads ids from the address."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from catena.accounts.models import User
from catena.parties.validation import clean_postcode

pytestmark = pytest.mark.django_db

ODD = "²"


@pytest.mark.parametrize(
    "url",
    [
        f"/orders/?per_page={ODD}&customer={ODD}&owner={ODD}",
        f"/parties/?per_page={ODD}&owner={ODD}",
        f"/sales/opportunities/new/?party={ODD}",
        f"/sales/quotes/new/?opportunity={ODD}",
        f"/orders/purchase-orders/?per_page={ODD}&supplier={ODD}",
        f"/orders/shipments/?per_page={ODD}&carrier={ODD}",
    ],
)
def test_an_odd_digit_in_the_address_is_ignored(
    logged_in: Callable[[User], Client], manager: User, url: str
) -> None:
    response = logged_in(manager).get(url, secure=True)

    assert response.status_code == 200


def test_a_postcode_of_odd_digits_is_refused() -> None:
    with pytest.raises(Exception, match="six digits"):
        clean_postcode("²" * 6)
