"""Settings of the parties' reference data: custom-field definitions and tags (administrators).

The party form and page read the definitions (``forms/edit.py``, ``views/detail.py``): a field
defined here shows there at once."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from catena.accounts.forms import add_service_errors
from catena.accounts.views import acting_user, settings_nav, settings_page
from catena.core import access, gate
from catena.parties.forms.settings import CustomFieldForm, TagMergeForm, TagRenameForm
from catena.parties.models import CustomField, Tag
from catena.parties.services import settings as services


@settings_page(CustomField)
@require_http_methods(["GET"])
def custom_field_list(request: HttpRequest) -> HttpResponse:
    context = {
        "definitions": CustomField.objects.for_user(request.user),
        "settings_nav": settings_nav(request.user, "settings_parties:custom_field_list"),
    }
    return render(request, "parties/settings/custom_field_list.html", context)


def _field_page(request: HttpRequest, form: CustomFieldForm, definition: CustomField | None) -> HttpResponse:
    context = {
        "form": form,
        "definition": definition,
        "settings_nav": settings_nav(request.user, "settings_parties:custom_field_list"),
    }
    return render(
        request, "parties/settings/custom_field_form.html", context, status=422 if form.errors else 200
    )


@settings_page(CustomField)
@require_http_methods(["GET", "POST"])
def custom_field_create(request: HttpRequest) -> HttpResponse:
    form = CustomFieldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            definition = services.define_custom_field(actor=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Custom field “%(label)s” defined.") % {"label": definition.label})
            return redirect("settings_parties:custom_field_list")
    return _field_page(request, form, None)


@settings_page(CustomField)
@require_http_methods(["GET", "POST"])
@gate.record(CustomField, action=access.CHANGE)
def custom_field_edit(request: HttpRequest, definition: CustomField) -> HttpResponse:
    initial = {
        "label": definition.label,
        "type": definition.type,
        "choices": "\n".join(definition.choices or []),
        "is_required": definition.is_required,
    }
    form = CustomFieldForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_custom_field(definition, actor=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Custom field “%(label)s” saved.") % {"label": definition.label})
            return redirect("settings_parties:custom_field_list")
    return _field_page(request, form, definition)


@settings_page(CustomField)
@require_POST
@gate.record(CustomField, action=access.DELETE)
def custom_field_delete(request: HttpRequest, definition: CustomField) -> HttpResponse:
    services.delete_custom_field(definition, actor=acting_user(request))
    messages.success(request, _("Custom field “%(label)s” removed.") % {"label": definition.label})
    return redirect("settings_parties:custom_field_list")


def _tags(request: HttpRequest) -> QuerySet[Tag]:
    return Tag.objects.for_user(request.user).annotate(party_count=Count("parties"))


@settings_page(CustomField)
@require_http_methods(["GET"])
def tag_list(request: HttpRequest) -> HttpResponse:
    return _tag_page(request)


def _tag_page(
    request: HttpRequest, *, failed: Tag | None = None, form: TagRenameForm | TagMergeForm | None = None
) -> HttpResponse:
    context = {
        "tags": _tags(request),
        "failed": failed,
        "failed_form": form,
        "settings_nav": settings_nav(request.user, "settings_parties:tag_list"),
    }
    return render(request, "parties/settings/tag_list.html", context, status=422 if form is not None else 200)


@settings_page(CustomField)
@require_POST
@gate.record(Tag, action=access.CHANGE)
def tag_rename(request: HttpRequest, tag: Tag) -> HttpResponse:
    form = TagRenameForm(request.POST)
    if form.is_valid():
        try:
            services.rename_tag(tag, actor=acting_user(request), name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Tag renamed."))
            return redirect("settings_parties:tag_list")
    return _tag_page(request, failed=tag, form=form)


@settings_page(CustomField)
@require_POST
@gate.record(Tag, action=access.CHANGE)
def tag_merge(request: HttpRequest, tag: Tag) -> HttpResponse:
    form = TagMergeForm(request.POST, tags=Tag.objects.for_user(request.user, access.CHANGE))
    if form.is_valid():
        try:
            into = services.merge_tags(tag, actor=acting_user(request), into=form.cleaned_data["into"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Tag merged into “%(name)s”.") % {"name": into.name})
            return redirect("settings_parties:tag_list")
    return _tag_page(request, failed=tag, form=form)


@settings_page(CustomField)
@require_POST
@gate.record(Tag, action=access.DELETE)
def tag_delete(request: HttpRequest, tag: Tag) -> HttpResponse:
    services.delete_tag(tag, actor=acting_user(request))
    messages.success(request, _("Tag “%(name)s” deleted.") % {"name": tag.name})
    return redirect("settings_parties:tag_list")
