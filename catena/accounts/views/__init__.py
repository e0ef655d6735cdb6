"""The accounts pages, by topic: ``signin`` (sign-in, password, "My account" and its tokens),
``users`` (the settings of users, departments and portal invitations) and ``company`` (the
settings index, the company profile and the first-run checklist).

This module holds the gates every page goes through: :class:`InternalPageMixin` (class views) and
:func:`internal_page` (function views) ask for a signed-in internal user, portal users get 403;
:func:`settings_page` asks for a role that may change a kind of setting.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catena.accounts import roles
from catena.accounts.models import User
from catena.core import access

# --- the gate of internal pages ---------------------------------------------------------------


def ensure_internal(request: HttpRequest) -> None:
    """Internal pages are for staff: a portal user (or a user without a role) gets 403."""
    if not roles.is_internal(request.user):
        raise PermissionDenied


class InternalPageMixin(AccessMixin):
    """Sign-in required; portal users are refused (403)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        ensure_internal(request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def acting_user(request: HttpRequest) -> User:
    """The signed-in user behind a page that required sign-in, typed as our ``User``."""
    return cast(User, request.user)


def internal_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The function-view form of :class:`InternalPageMixin`."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ensure_internal(request)
        return view(request, *args, **kwargs)

    return wrapper


def settings_page(model: type[Model]) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """The gate of a settings page about ``model``'s records: sign-in required; a portal user
    gets 404 (settings do not exist for them); a member of staff whose role may not change such
    records (the model's policy, from ``roles.CAPABILITIES``) gets 403."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not roles.is_internal(request.user):
                raise Http404
            if not access.can(request.user, access.CHANGE, model):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


# url name, label, the model whose CHANGE right opens the page ("app_label.Model")
SETTINGS_SECTIONS = (
    ("settings:start", _("First steps"), "accounts.CompanyProfile"),
    ("settings:company", _("Company profile"), "accounts.CompanyProfile"),
    ("settings:user_list", _("Users"), "accounts.User"),
    ("settings:department_list", _("Departments"), "accounts.Department"),
    ("settings_portal:invitation_list", _("Portal invitations"), "accounts.User"),
    ("settings_parties:custom_field_list", _("Custom fields"), "parties.CustomField"),
    ("settings_parties:tag_list", _("Tags"), "parties.CustomField"),
    ("settings_sales:step_list", _("Pipeline stages"), "sales.PipelineStep"),
    ("fulfilment:template_list", _("Flow templates"), "fulfilment.FlowTemplate"),
    ("settings_workspace:plan_list", _("Activity plans"), "workspace.ActivityPlan"),
    ("service:return_policies", _("Return policies"), "service.ReturnPolicy"),
    ("settings_service:assignment_rule_list", _("Assignment rules"), "service.AssignmentRule"),
    ("settings_service:agent_list", _("Agents on duty"), "service.AgentProfile"),
)


def settings_nav(user: Any, current: str) -> list[dict[str, Any]]:
    """The settings sections ``user`` may open, for ``components/settings_nav.html``; each app's
    settings page passes it with its own url name as ``current``. Models are named, not imported:
    accounts sits below the apps whose settings it lists."""
    sections = []
    for url_name, label, model_label in SETTINGS_SECTIONS:
        try:
            model = apps.get_model(model_label)
        except LookupError:
            continue
        if access.can(user, access.CHANGE, model):
            sections.append({"url": reverse(url_name), "label": label, "current": url_name == current})
    return sections
