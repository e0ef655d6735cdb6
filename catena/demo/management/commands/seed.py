"""``catena seed --scale N``: fill the database with a deterministic demo supply chain."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.demo.seed import MIN_SCALE, SeedRefused, SeedResult, seed_demo_data
from catena.demo.snapshot import take_flow_snapshot
from catena.demo.users import ensure_demo_users


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _(
            "Generate demo data: about 1,000 parties per unit of scale, with contacts, addresses, "
            "relationships, contracts, products and a year of interactions."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=float, default=1.0, help=_("1 = about 1,000 parties; may be fractional.")
        )
        parser.add_argument(
            "--seed", type=int, default=1, help=_("Random seed: the same seed gives the same data.")
        )
        parser.add_argument(
            "--append", action="store_true", help=_("Add to a database that already has parties.")
        )
        parser.add_argument(
            "--demo-users",
            action="store_true",
            help=_("Create the demo users first, so that parties get account managers."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale = options["scale"]
        if scale < MIN_SCALE:
            raise CommandError(_("The scale must be at least %(min)s.") % {"min": MIN_SCALE})
        if options["demo_users"]:
            ensure_demo_users()
        progress = self.stdout.write if options["verbosity"] >= 2 else None
        try:
            result = seed_demo_data(
                scale=scale, seed=options["seed"], append=options["append"], progress=progress
            )
        except SeedRefused as exc:
            raise CommandError(str(exc)) from exc
        snapshot = take_flow_snapshot()
        if options["verbosity"] >= 1:
            self.stdout.write(describe(result))
            self.stdout.write(snapshot)
            if not User.objects.filter(role=Role.SALES, is_active=True).exists():
                self.stdout.write(
                    self.style.WARNING(
                        _(
                            "No active sales users: the parties have no account manager. "
                            "Pass --demo-users to create the demo users."
                        )
                    )
                )


def describe(result: SeedResult) -> str:
    counts = result.counts
    lines = [
        _("Seeded %(parties)s parties in %(seconds).1f s (%(rate).0f parties/s).")
        % {"parties": counts.get("parties", 0), "seconds": result.seconds, "rate": result.parties_per_second}
    ]
    lines += [f"  {name}: {number}" for name, number in sorted(counts.items())]
    return "\n".join(lines)
