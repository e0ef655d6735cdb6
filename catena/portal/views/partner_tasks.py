"""A partner's tasks: what our service desk asks a carrier, supplier or manufacturer to answer
for, with the time its agreement gives; the answer (accepting or disputing responsibility) and
the evidence. Another partner's task is a 404, as if it did not exist."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from catena.parties.models import Party
from catena.portal.policies import PARTNER_TASKS
from catena.portal.views.common import (
    paginate,
    party_record_or_404,
    portal_of,
    portal_page,
    post_form,
    render_list,
    render_portal,
)
from catena.service import selectors
from catena.service.forms import EvidenceForm, PartnerAnswerForm
from catena.service.models import PartnerTask
from catena.service.services import partners


def _own_task(user: Any, party: Party, pk: int) -> PartnerTask | None:
    task = selectors.visible_partner_task(user, pk)
    return task if task is not None and task.partner_id == party.pk else None


@portal_page(section=PARTNER_TASKS)
@require_GET
def partner_task_list(request: HttpRequest) -> HttpResponse:
    portal = portal_of(request)
    show_all = request.GET.get("status") == "all"
    found = selectors.partner_tasks(portal.user, status="all" if show_all else "", partner=portal.party.pk)
    context = {"page_obj": paginate(request, found), "show_all": show_all, "now": timezone.now()}
    return render_list(request, "portal/partner_task_list.html", context, nav=PARTNER_TASKS)


def _detail(
    request: HttpRequest,
    task: PartnerTask,
    form: PartnerAnswerForm | None = None,
    evidence_form: EvidenceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "task": task,
        "form": form or PartnerAnswerForm(initial={"version": task.version, "stance": task.stance}),
        "evidence_form": evidence_form or EvidenceForm(),
        "evidence": partners.evidence(task, request.user),
        "now": timezone.now(),
    }
    return render_portal(
        request, "portal/partner_task_detail.html", context, nav=PARTNER_TASKS, status=status
    )


def _visible(request: HttpRequest, pk: int) -> PartnerTask:
    return party_record_or_404(request, _own_task, pk)


@portal_page(section=PARTNER_TASKS)
@require_GET
def partner_task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible(request, pk))


@portal_page(section=PARTNER_TASKS)
@require_POST
def partner_task_answer(request: HttpRequest, pk: int) -> HttpResponse:
    task = _visible(request, pk)

    def answer(data: dict[str, Any]) -> None:
        partners.answer_partner_task(
            task,
            actor=portal_of(request).user,
            stance=data["stance"] or "",
            answer=data["answer"],
            expected_version=data["version"],
        )

    refused = post_form(
        request,
        PartnerAnswerForm(request.POST),
        answer,
        invalid=lambda form: _detail(request, task, form=form, status=422),
        changed=lambda: _detail(request, _visible(request, pk), status=409),
        changed_message=_(
            "This task changed since you opened it. Nothing was saved: read it again and answer."
        ),
    )
    if refused is not None:
        return refused
    messages.success(
        request, _("Thank you: your answer on %(number)s is recorded.") % {"number": task.number}
    )
    return redirect("portal:partner_task_detail", pk=task.pk)


@portal_page(section=PARTNER_TASKS)
@require_POST
def partner_task_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    task = _visible(request, pk)

    def attach(data: dict[str, Any]) -> None:
        partners.add_evidence(task, data["file"], actor=portal_of(request).user)

    refused = post_form(
        request,
        EvidenceForm(request.POST, request.FILES),
        attach,
        invalid=lambda form: _detail(request, task, evidence_form=form, status=422),
    )
    if refused is not None:
        return refused
    messages.success(request, _("The file is attached to %(number)s.") % {"number": task.number})
    return redirect("portal:partner_task_detail", pk=task.pk)
