"""Error codes of parties, contacts, addresses and relationships (see ``catena.core.errors``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catena.core.errors import declare

USCC_TAKEN = declare(
    "party.uscc_taken",
    422,
    _("Another party already has this credit code."),
    "The USCC belongs to another party.",
)
EXTERNAL_ID_TAKEN = declare(
    "party.external_id_taken",
    422,
    _("Another party already has this external id."),
    "The external id belongs to another party.",
)
INVALID_USCC = declare(
    "party.invalid_uscc",
    422,
    _("Not a valid Unified Social Credit Code (18 characters with a check character)."),
    "The USCC fails its check character.",
)
UNKNOWN_OWNER = declare(
    "party.unknown_owner", 422, _("No such active user."), "The owner is not an active user."
)
OWNER_NOT_ALLOWED = declare(
    "party.owner_not_allowed",
    422,
    _("You may not give this party to another account manager."),
    "Only managers may hand a party to another owner.",
)
INVALID_TAG = declare(
    "party.invalid_tag", 422, _("A tag has 1 to 50 characters."), "A tag is empty or too long."
)
POSSIBLE_DUPLICATE = declare(
    "party.possible_duplicate",
    409,
    _("Parties with the same details already exist."),
    "A party the caller may see has the same name, phone or e-mail; `existing` lists "
    "their ids. Send `allow_duplicate: true` to create the party all the same.",
)
IN_USE = declare(
    "party.in_use",
    409,
    _("Other records still use this party."),
    "The party cannot be deleted while orders, quotes or other records refer to it.",
)
CONTACT_OF_OTHER_PARTY = declare(
    "contact.other_party",
    422,
    _("This contact belongs to another party."),
    "The contact given is not one of this party's.",
)
INVALID_PHONE = declare(
    "contact_point.invalid_phone", 422, _("Not a valid phone number."), "The phone number cannot be dialled."
)
INVALID_EMAIL = declare(
    "contact_point.invalid_email", 422, _("Not a valid e-mail address."), "The e-mail address is malformed."
)
INVALID_URL = declare(
    "contact_point.invalid_url", 422, _("Not a valid web address."), "The web address is malformed."
)
INVALID_POSTCODE = declare(
    "address.invalid_postcode",
    422,
    _("A Chinese postcode has six digits."),
    "The postcode is not six digits.",
)
UNKNOWN_PROVINCE = declare(
    "address.unknown_province", 422, _("Not a province of China."), "The province is not one of China's."
)
RELATED_TO_ITSELF = declare(
    "relationship.to_itself",
    422,
    _("A party cannot be related to itself."),
    "Both ends of the relationship are the same party.",
)
RELATIONSHIP_EXISTS = declare(
    "relationship.exists",
    422,
    _("These two parties already have this relationship."),
    "The same kind of relationship already links the two parties.",
)
CUSTOM_FIELD_KEY_TAKEN = declare(
    "custom_field.key_taken", 422, _("Another custom field has this key."), "Custom field keys are unique."
)
CUSTOM_FIELD_INVALID_KEY = declare(
    "custom_field.invalid_key",
    422,
    _("Use letters, digits or underscores."),
    "Nothing of the key or label is left once reduced to letters, digits and underscores.",
)
CUSTOM_FIELD_NO_CHOICES = declare(
    "custom_field.no_choices", 422, _("Give at least one choice."), "A choice field needs its choices."
)
TAG_NAME_TAKEN = declare(
    "tag.name_taken",
    422,
    _("Another tag has this name; merge them instead."),
    "A tag cannot be renamed to the name of another tag.",
)
TAG_MERGE_INTO_ITSELF = declare(
    "tag.merge_into_itself", 422, _("Choose another tag."), "A tag was to be merged into itself."
)
