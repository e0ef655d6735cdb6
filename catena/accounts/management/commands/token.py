"""``catena token create|list|revoke``: API tokens from the command line.

``create`` prints only the token on standard output, so that scripts can capture it
(``TOKEN=$(catena token create admin)``); the reminder to store it goes to standard error.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.models import APIToken, User, hash_token
from catena.accounts.services import create_api_token, revoke_api_token

NAME_MAX_LENGTH = 100  # APIToken.name


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _("Create, list and revoke API tokens.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{create,list,revoke}")
        create = actions.add_parser("create", help=_("Issue a new token for a user and print it."))
        create.add_argument("username")
        create.add_argument("--name", default="", help=_("What the token is for, e.g. “ERP sync”."))
        listing = actions.add_parser("list", help=_("List a user's tokens (never the tokens themselves)."))
        listing.add_argument("username")
        revoke = actions.add_parser("revoke", help=_("Revoke a token, given its prefix or the whole token."))
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self._create(_user(options["username"]), options["name"])
        elif action == "list":
            self._list(_user(options["username"]))
        else:
            self._revoke(options["prefix"])

    def _create(self, user: User, name: str) -> None:
        if not user.is_active:
            raise CommandError(_("User “%(username)s” is not active.") % {"username": user.username})
        if len(name) > NAME_MAX_LENGTH:
            raise CommandError(_("The name has at most %(max)d characters.") % {"max": NAME_MAX_LENGTH})
        token, raw = create_api_token(user, name=name)
        self.stdout.write(raw)
        self.stderr.write(
            _("Token %(prefix)s… created for %(user)s. Store it now: it cannot be shown again.")
            % {"prefix": token.prefix, "user": user.username},
            style_func=self.style.WARNING,
        )

    def _list(self, user: User) -> None:
        tokens = list(APIToken.objects.filter(user=user).order_by("-created_at", "-id"))
        if not tokens:
            self.stdout.write(_("%(user)s has no API tokens.") % {"user": user.username})
            return
        self.stdout.write(
            f"{_('prefix'):<10} {_('status'):<9} {_('created at'):<17} {_('last used at'):<17} {_('name')}"
        )
        for token in tokens:
            self.stdout.write(
                f"{token.prefix:<10} {_status(token):<9} {_when(token.created_at):<17} "
                f"{_when(token.last_used_at):<17} {token.name}"
            )

    def _revoke(self, given: str) -> None:
        given = given.strip()
        if given.startswith("ctn_"):
            matches = list(APIToken.objects.filter(key_hash=hash_token(given)))
        else:
            matches = list(APIToken.objects.filter(prefix=given.rstrip("…."), revoked_at__isnull=True))
        if not matches:
            raise CommandError(_("No active token matches “%(prefix)s”.") % {"prefix": given[:12]})
        if len(matches) > 1:
            raise CommandError(
                _("%(count)d tokens share the prefix “%(prefix)s”: pass the whole token instead.")
                % {"count": len(matches), "prefix": given}
            )
        token = matches[0]
        if token.revoked_at is not None:
            raise CommandError(_("Token %(prefix)s… is already revoked.") % {"prefix": token.prefix})
        revoke_api_token(token)
        self.stdout.write(
            _("Revoked token %(prefix)s… of %(user)s.")
            % {"prefix": token.prefix, "user": token.user.username}
        )


def _user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(_("No user named “%(username)s”.") % {"username": username})
    return user


def _status(token: APIToken) -> str:
    if token.revoked_at is not None:
        return _("revoked")
    if not token.is_active:
        return _("expired")
    return _("active")


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"
