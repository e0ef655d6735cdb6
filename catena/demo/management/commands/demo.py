"""``catena demo``: a working Catena with demo users and data, with no configuration at all.

Migrates the database (SQLite under ./var/ by default), creates the demo users, seeds a small
supply chain if the database has no parties yet, prints the URL and the logins, then serves over
plain HTTP on 127.0.0.1 (``catena.cli`` turns the HTTPS-only settings off for this command).
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from catena.accounts.choices import Role
from catena.core.management.commands.serve import DEFAULT_THREADS, run_server
from catena.demo.portal import portal_logins
from catena.demo.seed import MIN_SCALE, seed_demo_data
from catena.demo.snapshot import take_flow_snapshot
from catena.demo.users import DEMO_PASSWORD, DEMO_USERS, ensure_demo_users
from catena.parties.models import Party


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _("Set up a demo (database, users, data) and serve it.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help=_("Address to listen on."))
        parser.add_argument("--port", type=int, default=8000, help=_("Port to listen on."))
        parser.add_argument(
            "--scale", type=float, default=0.5, help=_("Size of the demo data (1 = 1,000 parties).")
        )
        parser.add_argument("--seed", type=int, default=1, help=_("Random seed of the demo data."))
        parser.add_argument("--threads", type=int, default=DEFAULT_THREADS, help=_("Worker threads."))
        parser.add_argument("--no-serve", action="store_true", help=_("Set everything up, then exit."))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["scale"] < MIN_SCALE:
            raise CommandError(_("The scale must be at least %(min)s.") % {"min": MIN_SCALE})
        verbosity = options["verbosity"]
        self.stdout.write(_("Preparing the database…"))
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1))
        created = ensure_demo_users().created
        if created:
            self.stdout.write(_("Created %(count)d demo users.") % {"count": len(created)})
        existing = Party.objects.count()
        if existing:
            self.stdout.write(
                _("The database already has %(count)d parties; no demo data added.") % {"count": existing}
            )
        else:
            self.stdout.write(_("Generating demo data…"))
            result = seed_demo_data(scale=options["scale"], seed=options["seed"])
            self.stdout.write(
                _(
                    "Added %(parties)d parties, %(interactions)d interactions and %(products)d products "
                    "in %(seconds).1f s."
                )
                % {
                    "parties": result.counts.get("parties", 0),
                    "interactions": result.counts.get("interactions", 0),
                    "products": result.counts.get("products", 0),
                    "seconds": result.seconds,
                }
            )
            self.stdout.write(
                _(
                    "Added %(orders)d sales orders with %(purchase_orders)d purchase orders and "
                    "%(shipments)d shipments."
                )
                % {
                    "orders": result.counts.get("orders", 0),
                    "purchase_orders": result.counts.get("purchase_orders", 0),
                    "shipments": result.counts.get("shipments", 0),
                }
            )
            # the flow analytics page shows a snapshot; take the first one so it has a story at once
            self.stdout.write(take_flow_snapshot())
        host, port = options["host"], options["port"]
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(_("Catena demo: http://%(host)s:%(port)s/") % {"host": host, "port": port})
        )
        self.stdout.write(logins_table())
        if options["no_serve"]:
            return
        run_server(
            host=host, port=port, threads=max(1, options["threads"]), trusted_proxy=None, stdout=self.stdout
        )


def logins_table() -> str:
    """The demo logins, staff first, then the portal users with the party each acts for
    (password changes made since are not reflected)."""
    labels = dict(Role.choices)
    header = _("Demo logins (password for all: %(password)s)") % {"password": DEMO_PASSWORD}
    portal = portal_logins()
    staff = [(d.username, str(labels[d.role]), f"{d.last_name}{d.first_name}") for d in DEMO_USERS]
    others = [(login.username, login.role, login.party) for login in portal]
    width = max(len(role) for _user, role, _name in staff + others) + 1
    lines = [header, _("Staff:")]
    lines += [f"  {user:<12} {DEMO_PASSWORD:<13} {role:<{width}} {name}" for user, role, name in staff]
    if others:
        lines.append(_("Portal (each sees only its own company's records):"))
        lines += [f"  {user:<12} {DEMO_PASSWORD:<13} {role:<{width}} {name}" for user, role, name in others]
    return "\n".join(lines)
