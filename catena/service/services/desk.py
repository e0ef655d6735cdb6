"""The agent's desk: canned responses filled in for a case, and who else has a case open."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import access
from catena.service.models import CannedResponse, Case, CaseViewing
from catena.service.sla.calendar import default_calendar

#: Someone whose page has not checked in for this long has left the case.
VIEWING_WINDOW = timedelta(seconds=60)
VARIABLES = ("customer", "contact", "case_number", "subject", "agent", "due")


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:  # an unknown {name} stays as it was written
        return "{" + key + "}"


def variables(case: Case, agent: Any) -> dict[str, str]:
    due = ""
    if case.sla_due_at is not None:
        with translation.override(case.language):
            due = formats.date_format(
                case.sla_due_at.astimezone(default_calendar().time_zone), "DATETIME_FORMAT"
            )
    return {
        "customer": case.party.name,
        "contact": case.contact.name if case.contact_id and case.contact else "",
        "case_number": case.number,
        "subject": case.subject,
        "agent": getattr(agent, "display_name", "") or "",
        "due": due,
    }


def fill(response: CannedResponse, case: Case, agent: Any) -> str:
    """The response's text with the case's values in place of its variables."""
    try:
        return response.body.format_map(_Blank(variables(case, agent)))
    except (ValueError, IndexError):  # a stray brace: the text as written
        return response.body


def _clean(title: str, body: str, language: str) -> dict[str, str]:
    from django.conf import settings

    errors: dict[str, list[ValidationError]] = {}
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        errors["title"] = [ValidationError(_("This field is required."), code="required")]
    if not body:
        errors["body"] = [ValidationError(_("This field is required."), code="required")]
    if language not in {code for code, _name in settings.LANGUAGES}:
        errors["language"] = [ValidationError(_("Choose a language."), code="invalid_choice")]
    if errors:
        raise ValidationError(errors)
    return {"title": title[:120], "body": body, "language": language}


@transaction.atomic
def save_canned(
    actor: User, *, title: str, body: str, language: str, response: CannedResponse | None = None
) -> CannedResponse:
    """Add or change a canned response (one title per language)."""
    access.ensure(actor, access.CHANGE if response else access.ADD, response or CannedResponse)
    data = _clean(title, body, language)
    taken = CannedResponse.objects.filter(language=data["language"], title=data["title"])
    if response is not None:
        taken = taken.exclude(pk=response.pk)
    if taken.exists():
        raise ValidationError(
            {
                "title": [
                    ValidationError(
                        _("A response with this title exists already."), code="canned.title_taken"
                    )
                ]
            }
        )
    response = response or CannedResponse(created_by=actor)
    for key, value in data.items():
        setattr(response, key, value)
    response.save()
    return response


def seen(case: Case, user: User, now: datetime | None = None) -> list[User]:
    """``user`` has the case open now; the other staff who have it open too."""
    now = now or timezone.now()
    CaseViewing.objects.update_or_create(case=case, user=user, defaults={"seen_at": now})
    others = (
        CaseViewing.objects.filter(case=case, seen_at__gte=now - VIEWING_WINDOW)
        .exclude(user=user)
        .values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=list(others)).order_by("first_name", "username"))
