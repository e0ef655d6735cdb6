"""What the service desk adds to a party's page: its satisfaction (``surveys``) and its returns
(``returns``)."""

from catena.parties import overview
from catena.service.overview.returns import returns_card
from catena.service.overview.surveys import survey_card


def register_overview() -> None:
    overview.register_card("surveys", survey_card, order=60)
    overview.register_card("returns", returns_card, order=61)
