"""Use cases of the accounts app."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from catena.accounts.models import APIToken, User, hash_token

LAST_USED_PRECISION = timedelta(minutes=1)


@transaction.atomic
def create_api_token(user: User, *, name: str = "") -> tuple[APIToken, str]:
    """Issue a token for ``user``; return the row and the raw token (shown once, never stored)."""
    prefix, raw = APIToken.generate_raw()
    token = APIToken.objects.create(user=user, name=name, prefix=prefix, key_hash=hash_token(raw))
    return token, raw


def revoke_api_token(token: APIToken) -> None:
    APIToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def authenticate_token(raw: str) -> User | None:
    """The active user behind a raw Bearer token, recording when it was last used."""
    if not raw or len(raw) > 200:
        return None
    token = APIToken.objects.usable().select_related("user").filter(key_hash=hash_token(raw)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # Touch at most once a minute so a busy client does not write on every request.
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        APIToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
