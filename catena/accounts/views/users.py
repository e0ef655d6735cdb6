"""Settings: users (list, create, change role, department and time zone, deactivate) and
departments.

Administrators only (the role table's ``user`` and ``reference`` rows); every change goes
through ``accounts.services`` with the administrator as ``actor``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from catena.accounts import roles, services
from catena.accounts.forms import DepartmentForm, StaffUserForm, UserRoleForm, add_service_errors
from catena.accounts.models import Department, User
from catena.accounts.views import acting_user, settings_nav, settings_page
from catena.core import access, gate


def _departments(request: HttpRequest) -> QuerySet[Department]:
    return Department.objects.for_user(request.user)


@settings_page(User)
@require_http_methods(["GET"])
def user_list(request: HttpRequest) -> HttpResponse:
    """Every member of staff, active ones first; portal users are listed under portal invitations."""
    users = (
        User.objects.for_user(request.user)
        .filter(role__in=roles.INTERNAL_ROLES)
        .select_related("department")
        .order_by("-is_active", "username")
    )
    context = {"users": users, "settings_nav": settings_nav(request.user, "settings:user_list")}
    return render(request, "accounts/settings/user_list.html", context)


@settings_page(User)
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    form = StaffUserForm(request.POST or None, departments=_departments(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_staff_user(
                actor=acting_user(request),
                username=data["username"],
                password=data["password"],
                role=data["role"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                department=data["department"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("User “%(name)s” created.") % {"name": user.username})
            return redirect("settings:user_list")
    status = 422 if form.errors else 200
    context = {"form": form, "settings_nav": settings_nav(request.user, "settings:user_list")}
    return render(request, "accounts/settings/user_form.html", context, status=status)


@settings_page(User)
@require_http_methods(["GET", "POST"])
@gate.record(
    User.objects.filter(role__in=roles.INTERNAL_ROLES).select_related("department"), action=access.CHANGE
)
def user_edit(request: HttpRequest, member: User) -> HttpResponse:
    initial = {"role": member.role, "department": member.department_id, "time_zone": member.time_zone}
    form = UserRoleForm(request.POST or None, initial=initial, departments=_departments(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.change_staff_user(
                member,
                actor=acting_user(request),
                role=form.cleaned_data["role"],
                department=form.cleaned_data["department"],
                time_zone=form.cleaned_data["time_zone"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("User “%(name)s” saved.") % {"name": member.username})
            return redirect("settings:user_list")
    status = 422 if form.errors else 200
    context = {
        "form": form,
        "member": member,
        "settings_nav": settings_nav(request.user, "settings:user_list"),
    }
    return render(request, "accounts/settings/user_form.html", context, status=status)


@settings_page(User)
@require_POST
@gate.record(User.objects.filter(role__in=roles.INTERNAL_ROLES), action=access.CHANGE)
def user_deactivate(request: HttpRequest, member: User) -> HttpResponse:
    try:
        services.deactivate_user(member, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("settings:user_list")
    messages.success(request, _("User “%(name)s” deactivated.") % {"name": member.username})
    return redirect("settings:user_list")


@settings_page(Department)
@require_http_methods(["GET", "POST"])
def department_list(request: HttpRequest) -> HttpResponse:
    """The company's departments with how many active colleagues work in each; add the missing ones."""
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_department(actor=acting_user(request), code=form.cleaned_data["code"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Department added."))
            return redirect("settings:department_list")
    departments = _departments(request).annotate(members=Count("user", filter=Q(user__is_active=True)))
    context = {
        "form": form,
        "departments": departments,
        "settings_nav": settings_nav(request.user, "settings:department_list"),
    }
    return render(
        request, "accounts/settings/department_list.html", context, status=422 if form.errors else 200
    )
