"""Surveys of our customers: satisfaction with a resolved case (CSAT) and, once a period, how
likely they are to recommend us (NPS); the answer, once, and a follow-up case on a low score.

A survey's link carries a random token; only its SHA-256 hash is stored, so the database alone
answers nobody's survey. The token is the credential of the public answer page: whoever holds
the e-mail may answer, once, until ``CATENA_SURVEY_DAYS`` after it was sent.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.core import access, events, text
from catena.core.errors import CodedHttpError
from catena.core.validation import Errors
from catena.parties.choices import BUYING_ROLES, ContactPointKind, PartyStatus
from catena.parties.models import Contact, ContactPoint, Party
from catena.parties.policies import portal_party_id
from catena.service.choices import (
    DETRACTOR_MAX,
    SURVEY_SCALE,
    CaseChannel,
    CaseStatus,
    CaseType,
    SurveyChannel,
    SurveyKind,
)
from catena.service.events import SurveyAnswered, SurveySent
from catena.service.models import Case, Survey
from catena.service.services.cases import _language, open_case

logger = logging.getLogger(__name__)

NPS_BATCH = 200  # parties read at a time by the NPS sweep
NPS_MAX_PER_RUN = 1000  # surveys one run sends at most; the next run carries on
MAX_COMMENT = 2000
# Blocked and archived customers are not asked to recommend us.
ASKED_STATUSES = (PartyStatus.ACTIVE, PartyStatus.DORMANT)
MAX_SUBJECT = 200


def hash_token(token: str) -> str:
    """The stored form of a link's token."""
    return hashlib.sha256(token.encode()).hexdigest()


def survey_days() -> int:
    return int(getattr(settings, "CATENA_SURVEY_DAYS", 14))


def nps_days() -> int:
    return int(getattr(settings, "CATENA_NPS_DAYS", 90))


def survey_url(token: str, score: int | None = None) -> str:
    """The absolute link of the answer page (``score`` preselected: one link per score)."""
    path = reverse("survey:answer", args=[token])
    query = f"?score={score}" if score is not None else ""
    return settings.CATENA_SITE_URL.rstrip("/") + path + query


@dataclass(frozen=True)
class Recipient:
    """Who a survey is addressed to: a contact of the party or one of its portal users."""

    email: str
    contact: Contact | None = None
    user: User | None = None


def _contact_email(contact: Contact) -> str:
    found = ContactPoint.objects.filter(contact=contact, kind=ContactPointKind.EMAIL)
    return found.order_by("-is_primary", "id").values_list("value", flat=True).first() or ""


def _portal_customers(party: Party) -> list[User]:
    found = User.objects.filter(portal_access__party=party, is_active=True, role=Role.PORTAL_CUSTOMER)
    return list(found.exclude(email="").order_by("id"))


def _case_recipient(case: Case) -> Recipient | None:
    """The case's contact if it has an e-mail; else the portal user who opened the case; else the
    party's first portal user."""
    if case.contact is not None and (email := _contact_email(case.contact)):
        return Recipient(email, contact=case.contact)
    creator = case.created_by
    is_customer = (
        creator is not None and roles.is_portal(creator) and portal_party_id(creator) == case.party_id
    )
    if creator is not None and is_customer and creator.is_active and creator.email:
        return Recipient(creator.email, user=creator)
    users = _portal_customers(case.party)
    return Recipient(users[0].email, user=users[0]) if users else None


def _create(
    kind: str, party: Party, recipient: Recipient, *, language: str, case: Case | None, now: datetime
) -> tuple[Survey, str]:
    token = secrets.token_urlsafe(32)
    survey = Survey.objects.create(
        kind=kind,
        party=party,
        case=case,
        contact=recipient.contact,
        recipient=recipient.user,
        email=recipient.email,
        language=language,
        token_hash=hash_token(token),
        sent_at=now,
        expires_at=now + timedelta(days=survey_days()),
    )
    return survey, token


def _mail(survey: Survey, token: str) -> None:
    """The survey's e-mail in its language: the question and one link per score."""
    low, high = SURVEY_SCALE[SurveyKind(survey.kind)]
    with translation.override(survey.language):
        if survey.kind == SurveyKind.CSAT:
            assert survey.case is not None
            subject = _("How did we do on %(number)s?") % {"number": survey.case.number}
        else:
            subject = _("How likely are you to recommend us?")
        body = render_to_string(
            "service/mail/survey.txt",
            {
                "survey": survey,
                "case": survey.case,
                "party": survey.party,
                "links": [(score, survey_url(token, score)) for score in range(low, high + 1)],
                "link": survey_url(token),
                "expires": timezone.localtime(survey.expires_at).strftime("%Y-%m-%d"),
            },
        )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [survey.email])


def _send(survey: Survey, token: str) -> None:
    events.emit(
        SurveySent(
            kind=survey.kind,
            party=survey.party_id,
            case=survey.case_id,
            expires_at=survey.expires_at.isoformat(),
        ),
        survey,
    )
    if survey.email:
        _mail(survey, token)


def send_csat(case: Case, *, now: datetime | None = None) -> Survey | None:
    """Ask the customer of a just-resolved case how satisfied it is, in the case's language. Once
    per case (a reopened and again resolved case is not asked twice), never for a duplicate
    merged into another case, and only when someone of the customer can be reached."""
    now = now or timezone.now()
    case = Case.objects.select_related("party", "contact", "created_by").get(pk=case.pk)
    if case.status != CaseStatus.RESOLVED or case.merged_into_id is not None:
        return None
    if Survey.objects.filter(case=case, kind=SurveyKind.CSAT).exists():
        return None
    recipient = _case_recipient(case)
    if recipient is None:
        return None
    try:
        with transaction.atomic():
            survey, token = _create(
                SurveyKind.CSAT, case.party, recipient, language=case.language, case=case, now=now
            )
    except IntegrityError:  # another dispatch of the same resolution got there first
        return None
    _send(survey, token)
    return survey


def _nps_recipients(party: Party) -> list[Recipient]:
    users = _portal_customers(party)
    if users:
        return [Recipient(user.email, user=user) for user in users]
    primary = Contact.objects.filter(party=party).order_by("-is_primary", "id").first()
    if primary is not None and (email := _contact_email(primary)):
        return [Recipient(email, contact=primary)]
    return []


def _nps_language(recipient: Recipient, party: Party) -> str:
    known = {code for code, _name in settings.LANGUAGES}
    if recipient.user is not None and recipient.user.language in known:
        return recipient.user.language
    return _language(None, party, None)


def send_nps(now: datetime | None = None, *, limit: int = NPS_MAX_PER_RUN) -> int:
    """Send the NPS survey to each active or dormant customer's portal users (else its primary
    contact), at most once per ``CATENA_NPS_DAYS`` to each address; return how many were sent.
    Parties are read in batches, and one run sends at most ``limit`` surveys: the next run
    carries on."""
    now = now or timezone.now()
    since = now - timedelta(days=nps_days())
    sent = 0
    last_pk = 0
    customers = (
        Party.objects.filter(roles__role__in=BUYING_ROLES, status__in=ASKED_STATUSES)
        .distinct()
        .order_by("pk")
    )
    while sent < limit:
        batch = list(customers.filter(pk__gt=last_pk)[:NPS_BATCH])
        if not batch:
            break
        last_pk = batch[-1].pk
        for party in batch:
            asked = set(
                Survey.objects.filter(party=party, kind=SurveyKind.NPS, sent_at__gt=since).values_list(
                    "email", flat=True
                )
            )
            for recipient in _nps_recipients(party):
                if recipient.email in asked or sent >= limit:
                    continue
                try:
                    with transaction.atomic():
                        survey, token = _create(
                            SurveyKind.NPS,
                            party,
                            recipient,
                            language=_nps_language(recipient, party),
                            case=None,
                            now=now,
                        )
                        _send(survey, token)
                except Exception:  # one unreachable address (mail refused) must not stop the run
                    logger.exception("the NPS survey to party %s could not be sent", party.pk)
                    continue
                asked.add(recipient.email)
                sent += 1
    return sent


def survey_by_token(token: str) -> Survey | None:
    """The survey a link's token opens (``None`` for an unknown or altered token)."""
    if not token or len(token) > 100:
        return None
    return Survey.objects.select_related("case", "party").filter(token_hash=hash_token(token)).first()


def _check_answer(survey: Survey, score: Any, comment: str) -> tuple[int, str]:
    errors = Errors()
    low, high = SURVEY_SCALE[SurveyKind(survey.kind)]
    value: int | None
    try:
        value = int(score)
    except (TypeError, ValueError):
        value = None
    if value is None or not low <= value <= high:
        errors.add(
            "score",
            _("Choose a score from %(low)d to %(high)d.") % {"low": low, "high": high},
            code="survey.score_out_of_range",
        )
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        errors.add("comment", _("At most 2,000 characters."), code="too_long")
    elif comment:
        try:
            text.check_long_text(comment)
        except ValidationError as exc:
            errors.capture("comment", exc)
    errors.raise_if_any()
    assert value is not None
    return value, comment


def _follow_up(survey: Survey) -> Case | None:
    """A complaint case for a detractor, owned by the surveyed case's owner where there is one."""
    with translation.override(survey.language):
        if survey.case is not None:
            subject = _("Low satisfaction score on %(number)s: %(score)d of 5") % {
                "number": survey.case.number,
                "score": survey.score,
            }
        else:
            subject = _("Low recommendation score: %(score)d of 10") % {"score": survey.score}
        body = _("The customer answered a survey with %(score)d.") % {"score": survey.score}
        if survey.case is not None:
            body += "\n" + _("Surveyed case: %(number)s · %(subject)s") % {
                "number": survey.case.number,
                "subject": survey.case.subject,
            }
        if survey.comment:
            body += "\n\n" + survey.comment
    try:
        with transaction.atomic():
            return open_case(
                survey.party,
                actor=None,
                case_type=CaseType.COMPLAINT,
                subject=subject[:MAX_SUBJECT],
                body=body,
                channel=CaseChannel.PORTAL if survey.channel == SurveyChannel.PORTAL else CaseChannel.EMAIL,
                owner=survey.case.owner if survey.case is not None and survey.case.owner.is_active else None,
                language=survey.language,
                contact=survey.contact,
            )
    except ValidationError:
        logger.warning("no follow-up case could be opened for survey %s", survey.pk, exc_info=True)
        return None


@transaction.atomic
def answer(
    survey: Survey, *, score: Any, comment: str = "", actor: User | None = None, now: datetime | None = None
) -> Survey:
    """Record the customer's answer, once, while the survey has not expired. ``actor`` is the
    portal user answering signed in (it must be of the survey's party); ``None`` is the e-mailed
    link, whose token was the credential. A detractor's answer opens a follow-up case."""
    now = now or timezone.now()
    current = (
        Survey.objects.select_for_update(of=("self",))
        .select_related("case__owner", "party")
        .get(pk=survey.pk)
    )
    if actor is not None and (not roles.is_portal(actor) or portal_party_id(actor) != current.party_id):
        raise access.PermissionDenied(access.CHANGE, current)
    if current.is_answered:
        raise CodedHttpError(
            409, _("This survey was already answered. Thank you!"), code="survey.already_answered"
        )
    if current.is_expired(now):
        raise CodedHttpError(410, _("This survey has expired."), code="survey.expired")
    value, comment = _check_answer(current, score, comment)
    current.score = value
    current.comment = comment
    current.answered_at = now
    current.channel = SurveyChannel.PORTAL if actor is not None else SurveyChannel.EMAIL
    current.save(update_fields=["score", "comment", "answered_at", "channel"])
    detractor = value <= DETRACTOR_MAX[SurveyKind(current.kind)]
    if detractor:
        current.follow_up_case = _follow_up(current)
        current.save(update_fields=["follow_up_case"])
    events.emit(
        SurveyAnswered(
            kind=current.kind, score=value, detractor=detractor, follow_up_case=current.follow_up_case_id
        ),
        current,
        actor=actor,
    )
    return current
