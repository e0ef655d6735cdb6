"""Settings pages of assignment (administrators and managers): the rules in the order they are
tried, and the agents with their skills, capacity, duty shifts and absences."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catena.accounts.forms import add_service_errors
from catena.accounts.models import User
from catena.accounts.views import acting_user, settings_nav, settings_page
from catena.core import access, gate
from catena.service.forms.assignment import (
    AbsenceForm,
    AgentProfileForm,
    AssignmentRuleForm,
    DutyShiftForm,
    agents,
)
from catena.service.models import AgentAbsence, AgentProfile, AssignmentRule, DutySchedule
from catena.service.services import assignment, assignment_setup

RULES = "settings_service:assignment_rule_list"
AGENTS = "settings_service:agent_list"


@settings_page(AssignmentRule)
@require_GET
def assignment_rule_list(request: HttpRequest) -> HttpResponse:
    """The rules in the order they are tried."""
    rules = AssignmentRule.objects.for_user(request.user).select_related("team", "user", "category")
    context = {"rules": rules, "settings_nav": settings_nav(request.user, RULES)}
    return render(request, "service/assignment_rule_list.html", context)


def _rule_initial(rule: AssignmentRule | None) -> dict[str, Any]:
    if rule is None:
        return {"is_active": True, "method": "round_robin"}
    fields = ("name", "priority", "is_active", "case_type", "province", "tier", "skill", "method")
    initial: dict[str, Any] = {field: getattr(rule, field) for field in fields}
    initial.update(
        category=rule.category_id,
        team=rule.team_id,
        user=rule.user_id,
        to_account_manager=rule.to_account_manager,
    )
    return initial


def _edit_rule(request: HttpRequest, rule: AssignmentRule | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = AssignmentRuleForm(data, initial=_rule_initial(rule))
    if data is not None and form.is_valid():
        try:
            with gate.refused_as_403():
                saved = assignment_setup.save_rule(rule, actor=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Assignment rule “%(name)s” saved.") % {"name": saved.name})
            return redirect(RULES)
    context = {"rule": rule, "form": form, "settings_nav": settings_nav(request.user, RULES)}
    return render(
        request, "service/assignment_rule_form.html", context, status=422 if data is not None else 200
    )


@settings_page(AssignmentRule)
@require_http_methods(["GET", "POST"])
def assignment_rule_create(request: HttpRequest) -> HttpResponse:
    return _edit_rule(request, None)


@settings_page(AssignmentRule)
@require_http_methods(["GET", "POST"])
def assignment_rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit_rule(request, gate.visible_or_404(request.user, AssignmentRule, pk, access.CHANGE))


@settings_page(AssignmentRule)
@require_POST
def assignment_rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = gate.visible_or_404(request.user, AssignmentRule, pk, access.DELETE)
    with gate.refused_as_403():
        assignment_setup.delete_rule(rule, actor=acting_user(request))
    messages.success(request, _("Assignment rule “%(name)s” deleted.") % {"name": rule.name})
    return redirect(RULES)


@settings_page(AgentProfile)
@require_GET
def agent_list(request: HttpRequest) -> HttpResponse:
    """Every agent who may own cases: skills, capacity, whether on duty now."""
    people = list(agents())
    profiles = {p.user_id: p for p in AgentProfile.objects.for_user(request.user).filter(user__in=people)}
    on_duty = assignment.on_duty_ids(person.pk for person in people)
    rows = [{"user": u, "profile": profiles.get(u.pk), "on_duty": u.pk in on_duty} for u in people]
    context = {"rows": rows, "settings_nav": settings_nav(request.user, AGENTS)}
    return render(request, "service/assignment_agent_list.html", context)


def _agent(pk: int) -> User:
    user = agents().filter(pk=pk).first()
    if user is None:
        raise Http404
    return user


@settings_page(AgentProfile)
@require_http_methods(["GET", "POST"])
def agent_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """One agent: the profile form, the weekly shifts and the absences, each with its own form
    (``action`` says which was sent)."""
    user = _agent(pk)
    profile = AgentProfile.objects.for_user(request.user).filter(user=user).first()
    initial = {
        "skills": ", ".join(profile.skills) if profile else "",
        "max_open_cases": profile.max_open_cases if profile else None,
        "is_available": profile.is_available if profile else True,
    }
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = {
        "profile": AgentProfileForm(request.POST if action == "profile" else None, initial=initial),
        "shift": DutyShiftForm(request.POST if action == "shift" else None),
        "absence": AbsenceForm(request.POST if action == "absence" else None),
    }
    form = forms.get(action)
    if form is not None and form.is_valid():
        actor = acting_user(request)
        try:
            with gate.refused_as_403():
                if action == "profile":
                    assignment_setup.save_profile(user, actor=actor, **form.cleaned_data)
                elif action == "shift":
                    assignment_setup.add_shift(user, actor=actor, **form.cleaned_data)
                else:
                    assignment_setup.add_absence(user, actor=actor, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("settings_service:agent_edit", pk=user.pk)
    context = {
        "agent": user,
        "duty": assignment.agent_duty(user),
        "profile_form": forms["profile"],
        "shift_form": forms["shift"],
        "absence_form": forms["absence"],
        "settings_nav": settings_nav(request.user, AGENTS),
    }
    return render(
        request, "service/assignment_agent_form.html", context, status=422 if form is not None else 200
    )


@settings_page(AgentProfile)
@require_POST
def agent_duty_remove(request: HttpRequest, pk: int, kind: str, item: int) -> HttpResponse:
    """Remove one of the agent's shifts or absences."""
    user = _agent(pk)
    record: DutySchedule | AgentAbsence | None = None
    if kind == "shift":
        record = DutySchedule.objects.for_user(request.user).filter(pk=item, user=user).first()
    elif kind == "absence":
        record = AgentAbsence.objects.for_user(request.user).filter(pk=item, user=user).first()
    if record is None:
        raise Http404
    with gate.refused_as_403():
        assignment_setup.remove_duty(record, actor=acting_user(request))
    messages.success(request, _("Removed."))
    return redirect("settings_service:agent_edit", pk=user.pk)
