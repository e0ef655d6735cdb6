"""Administrator pages of webhooks: subscriptions with their delivery log, each delivery with its
attempts, test events and redeliveries, and carriers' inbound keys. Anyone but an administrator
gets 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catena.accounts.views import acting_user, internal_page
from catena.core import access
from catena.integrations import selectors
from catena.integrations.choices import AttemptOutcome, DeliveryStatus
from catena.integrations.forms.webhooks import CarrierKeyForm, WebhookSubscriptionForm
from catena.integrations.models import CarrierInboundKey, WebhookDelivery, WebhookSubscription
from catena.integrations.services import carrier_inbound, webhooks

DELIVERIES_PER_PAGE = 25
KEYS_SHOWN = 200

# The colour of each delivery status, borrowed from the party status badges.
STATUS_BADGES: dict[str, str] = {
    DeliveryStatus.PENDING: "status-archived",
    DeliveryStatus.RETRYING: "status-dormant",
    DeliveryStatus.SUCCEEDED: "status-active",
    DeliveryStatus.FAILED: "status-blocked",
}
ATTEMPT_BADGES: dict[str, str] = {
    AttemptOutcome.DELIVERED: "status-active",
    AttemptOutcome.WILL_RETRY: "status-dormant",
    AttemptOutcome.GAVE_UP: "status-blocked",
    AttemptOutcome.FAILED: "status-blocked",
}


def webhook_admin_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """An internal page for those who may manage webhooks (administrators)."""

    @internal_page
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.can(request.user, access.VIEW, WebhookSubscription):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _subscription(request: HttpRequest, pk: int) -> WebhookSubscription:
    return get_object_or_404(selectors.subscription_list(request.user), pk=pk)


def _delivery(request: HttpRequest, subscription: WebhookSubscription, delivery_pk: int) -> WebhookDelivery:
    return get_object_or_404(selectors.delivery_list(request.user, subscription), pk=delivery_pk)


def _form_errors(form: Form, exc: ValidationError, aliases: dict[str, str] | None = None) -> None:
    aliases = aliases or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        name = aliases.get(field, field)
        for error in errors:
            form.add_error(name if name in form.fields else None, error)


def _arguments(form: WebhookSubscriptionForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "url": data["url"],
        "event_names": data["events"],
        "is_active": data["is_active"],
    }


def _secret_page(request: HttpRequest, subscription: WebhookSubscription, *, created: bool) -> HttpResponse:
    return render(
        request,
        "integrations/webhook_secret.html",
        {"subscription": subscription, "secret": subscription.secret, "created": created},
    )


@webhook_admin_page
@require_GET
def webhook_list(request: HttpRequest) -> HttpResponse:
    """Every subscription with the state of its latest delivery."""
    subscriptions = list(selectors.subscription_list(request.user))
    for subscription in subscriptions:
        status = getattr(subscription, "last_status", None) or ""
        subscription.last_badge = STATUS_BADGES.get(status, "")  # type: ignore[attr-defined]
        subscription.last_label = DeliveryStatus(status).label if status else ""  # type: ignore[attr-defined]
    return render(request, "integrations/webhook_list.html", {"subscriptions": subscriptions})


@webhook_admin_page
@require_http_methods(["GET", "POST"])
def webhook_create(request: HttpRequest) -> HttpResponse:
    """A new subscription; its secret is shown on the next page, once."""
    form = WebhookSubscriptionForm(request.POST or None, initial={"events": "*", "is_active": True})
    if request.method == "POST" and form.is_valid():
        try:
            subscription = webhooks.create_subscription(actor=acting_user(request), **_arguments(form))
        except ValidationError as exc:
            _form_errors(form, exc)
        except access.PermissionDenied as exc:
            raise PermissionDenied from exc
        else:
            return _secret_page(request, subscription, created=True)
    return render(
        request, "integrations/webhook_form.html", {"form": form, "known_events": webhooks.KNOWN_EVENTS}
    )


@webhook_admin_page
@require_http_methods(["GET", "POST"])
def webhook_update(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = _subscription(request, pk)
    if request.method == "POST":
        form = WebhookSubscriptionForm(request.POST)
        if form.is_valid():
            try:
                webhooks.update_subscription(subscription, actor=acting_user(request), **_arguments(form))
            except ValidationError as exc:
                _form_errors(form, exc)
            except access.PermissionDenied as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The subscription was saved."))
                return redirect("integrations:webhook_detail", pk=subscription.pk)
    else:
        form = WebhookSubscriptionForm(subscription=subscription)
    return render(
        request,
        "integrations/webhook_form.html",
        {"form": form, "subscription": subscription, "known_events": webhooks.KNOWN_EVENTS},
    )


@webhook_admin_page
@require_GET
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The subscription and its delivery log (filtered by status, paginated)."""
    subscription = _subscription(request, pk)
    status = request.GET.get("status", "")
    status = status if status in DeliveryStatus.values else ""
    deliveries = selectors.delivery_list(request.user, subscription, status=status or None)
    page = Paginator(deliveries, DELIVERIES_PER_PAGE).get_page(request.GET.get("page"))
    for delivery in page:
        delivery.badge = STATUS_BADGES[delivery.status]  # type: ignore[attr-defined]
    context = {
        "subscription": subscription,
        "page_obj": page,
        "status": status,
        "statuses": DeliveryStatus.choices,
    }
    if request.htmx and not request.htmx.boosted:  # type: ignore[attr-defined]
        return render(request, "integrations/webhook_detail.html#deliveries", context)
    return render(request, "integrations/webhook_detail.html", context)


@webhook_admin_page
@require_GET
def webhook_delivery_detail(request: HttpRequest, pk: int, delivery_pk: int) -> HttpResponse:
    """One delivery with every attempt still kept: when, how long, the answer and the error."""
    subscription = _subscription(request, pk)
    delivery = _delivery(request, subscription, delivery_pk)
    delivery.badge = STATUS_BADGES[delivery.status]  # type: ignore[attr-defined]
    attempts = list(selectors.delivery_attempts(request.user, delivery))
    for attempt in attempts:
        attempt.badge = ATTEMPT_BADGES[attempt.outcome]  # type: ignore[attr-defined]
    last_kept = attempts[-1].number if attempts else 0
    # Claimed but not finished: its row is written when the receiver answers or the request fails.
    in_flight = delivery.is_open and delivery.next_attempt_at is None and delivery.attempts > last_kept
    context = {
        "subscription": subscription,
        "delivery": delivery,
        "attempts": attempts,
        "in_flight": in_flight,
        "unlisted": selectors.unlisted_attempts(delivery, attempts, in_flight=in_flight),
        "keep_days": settings.CATENA_WEBHOOK_ATTEMPT_DAYS,
    }
    return render(request, "integrations/webhook_delivery_detail.html", context)


@webhook_admin_page
@require_http_methods(["GET", "POST"])
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = _subscription(request, pk)
    if request.method == "POST":
        try:
            webhooks.delete_subscription(subscription, actor=acting_user(request))
        except access.PermissionDenied as exc:
            raise PermissionDenied from exc
        messages.success(request, _("The subscription was deleted."))
        return redirect("integrations:webhook_list")
    return render(request, "integrations/webhook_confirm_delete.html", {"subscription": subscription})


@webhook_admin_page
@require_POST
def webhook_test(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a test event now; its delivery appears at the top of the log."""
    subscription = _subscription(request, pk)
    try:
        webhooks.send_test_event(subscription, actor=acting_user(request))
    except access.PermissionDenied as exc:
        raise PermissionDenied from exc
    messages.success(request, _("A test event was sent. Its delivery is at the top of the log."))
    return redirect("integrations:webhook_detail", pk=subscription.pk)


@webhook_admin_page
@require_POST
def webhook_rotate_secret(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = _subscription(request, pk)
    try:
        subscription = webhooks.rotate_secret(subscription, actor=acting_user(request))
    except access.PermissionDenied as exc:
        raise PermissionDenied from exc
    return _secret_page(request, subscription, created=False)


@webhook_admin_page
@require_POST
def webhook_redeliver(request: HttpRequest, pk: int, delivery_pk: int) -> HttpResponse:
    """Send one delivery again, with the same idempotency key; back to the log, or to the
    delivery's page when sent from there."""
    subscription = _subscription(request, pk)
    delivery = _delivery(request, subscription, delivery_pk)
    try:
        webhooks.redeliver(delivery, actor=acting_user(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except access.PermissionDenied as exc:
        raise PermissionDenied from exc
    else:
        messages.success(request, _("Delivery %(key)s was sent again.") % {"key": delivery.idempotency_key})
    if request.POST.get("back") == "delivery":
        return redirect("integrations:webhook_delivery_detail", pk=subscription.pk, delivery_pk=delivery.pk)
    url = reverse("integrations:webhook_detail", args=[subscription.pk])
    back = {k: request.POST[k] for k in ("status", "page") if request.POST.get(k)}
    return redirect(f"{url}?{urlencode(back)}" if back else url)


# --- carriers' inbound keys -------------------------------------------------------------------


def _inbound_url(request: HttpRequest, key: CarrierInboundKey) -> str:
    return request.build_absolute_uri(reverse("api-1:post_carrier_event", kwargs={"key_prefix": key.prefix}))


@webhook_admin_page
@require_http_methods(["GET", "POST"])
def carrier_key_list(request: HttpRequest) -> HttpResponse:
    """Keys with which carriers post tracking events; a new key's secret is shown once."""
    form = CarrierKeyForm(request.POST or None)
    new_key: CarrierInboundKey | None = None
    new_secret = ""
    if request.method == "POST" and form.is_valid():
        try:
            new_key, new_secret = carrier_inbound.create_carrier_key(
                form.cleaned_data["carrier"], actor=acting_user(request), name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        except access.PermissionDenied as exc:
            raise PermissionDenied from exc
        else:
            form = CarrierKeyForm()
    keys = list(selectors.carrier_key_list(request.user)[:KEYS_SHOWN])
    for key in keys:
        key.inbound_url = _inbound_url(request, key)  # type: ignore[attr-defined]
    context = {
        "form": form,
        "keys": keys,
        "new_key": new_key,
        "new_secret": new_secret,
        "new_url": _inbound_url(request, new_key) if new_key is not None else "",
        "has_carriers": selectors.carriers().exists(),
    }
    return render(request, "integrations/carrier_key_list.html", context)


@webhook_admin_page
@require_POST
def carrier_key_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    key = get_object_or_404(selectors.carrier_key_list(request.user), pk=pk)
    try:
        carrier_inbound.revoke_carrier_key(key, actor=acting_user(request))
    except access.PermissionDenied as exc:
        raise PermissionDenied from exc
    messages.success(
        request, _("The key was revoked; the carrier's requests with it are refused from now on.")
    )
    return redirect("integrations:carrier_key_list")
