"""Forms of the party pages, one module per topic: ``edit`` (the party form), ``lists`` (the
party list's filters, saved views and bulk actions) and ``parts`` (contacts, addresses, contact
points and relationships on the party page). ``common`` holds what other apps' forms use too: the
owner picker and :func:`apply_service_errors`.

The forms collect and type the input; the services decide what is valid and write.
:func:`apply_service_errors` puts a service's field errors back on the form. The shared names are
importable from here as well (``from catena.parties.forms import apply_service_errors``).
"""

from catena.parties.forms.common import BLANK, OwnerChoiceField, apply_service_errors, owner_choices

__all__ = ["BLANK", "OwnerChoiceField", "apply_service_errors", "owner_choices"]
