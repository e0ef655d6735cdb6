"""Access rules for cases: the service desk, managers and administrators work them, sales and
read-only colleagues read them; a portal customer reads and opens only its own party's cases.

Messages follow their case, except that an internal note is staff-only: a portal user never reads
one, in a list, a page or an API answer. Promises follow their case too: whoever sees the case
sees them (its portal customer included — they were made to it), whoever changes the case makes,
keeps and cancels them."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.core import access
from catena.parties.policies import portal_party_id
from catena.service.choices import MessageVisibility
from catena.service.models import (
    CannedResponse,
    Case,
    CaseMessage,
    CaseViewing,
    PartnerTask,
    Promise,
    Refund,
    RefundApproval,
    ReturnAuthorization,
    ReturnLine,
    ReturnPolicy,
    Survey,
)


class CasePolicy:
    kind = "case"
    fields = staticmethod(roles.field_rule("case"))

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not roles.allows(user, self.kind, action):
            return False
        if roles.is_portal(user):
            party_id = portal_party_id(user)
            if party_id is None:
                return False
            if isinstance(obj, type):
                return action in (access.VIEW, access.ADD)
            return action == access.VIEW and isinstance(obj, Case) and obj.party_id == party_id
        return roles.is_internal(user)

    def scope(self, user: Any, action: str) -> Q:
        if not roles.allows(user, self.kind, action):
            return access.NOTHING
        if roles.is_portal(user):
            party_id = portal_party_id(user)
            return Q(party_id=party_id) if (party_id and action == access.VIEW) else access.NOTHING
        return Q() if roles.is_internal(user) else access.NOTHING


class CaseMessagePolicy:
    """Reading a message needs the case's view, and a note an internal user. Writing one is
    :func:`may_write` (staff who change the case; the case's customer for a reply)."""

    fields = staticmethod(roles.field_rule("case_message"))

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if action not in (access.VIEW, access.EXPORT):
            if isinstance(obj, type):
                return access.can(user, access.CHANGE, Case) or access.can(user, access.ADD, Case)
            return may_write(user, obj.case, obj.visibility)
        if isinstance(obj, type):
            return access.can(user, action, Case)
        if obj.visibility == MessageVisibility.NOTE and not roles.is_internal(user):
            return False
        return access.can(user, action, obj.case)

    def scope(self, user: Any, action: str) -> Q:
        if action not in (access.VIEW, access.EXPORT):
            return access.NOTHING  # messages are written through the services, never changed
        case_q = access.scope(user, action, Case)
        if case_q == access.NOTHING:
            return access.NOTHING
        found = Q() if case_q == Q() else Q(case__in=Case.objects.filter(case_q).values("pk"))
        if not roles.is_internal(user):
            found &= ~Q(visibility=MessageVisibility.NOTE)
        return found


def may_write(user: Any, case: Case, visibility: str) -> bool:
    """May ``user`` write a message of ``visibility`` on ``case``? Staff who may change cases write
    replies and notes; the case's own customer writes replies."""
    if access.can(user, access.CHANGE, case):
        return True
    return (
        visibility == MessageVisibility.REPLY
        and roles.is_portal(user)
        and access.can(user, access.VIEW, case)
    )


class PartnerTaskPolicy:
    """Staff who see cases see their partner tasks, and staff who change cases open and close them.
    A partner's portal user sees and answers only the tasks addressed to its own party; a
    customer's portal user sees none (its case has one owner, never the hand-offs)."""

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if roles.is_portal(user):
            if roles.role_of(user) != Role.PORTAL_PARTNER or action not in PARTNER_ACTIONS:
                return False
            party_id = portal_party_id(user)
            if party_id is None:
                return False
            return isinstance(obj, type) or obj.partner_id == party_id
        if not roles.is_internal(user):
            return False
        case_action = access.VIEW if action in (access.VIEW, access.EXPORT) else access.CHANGE
        if isinstance(obj, type):
            return access.can(user, case_action, Case)
        return access.can(user, case_action, obj.case)

    def scope(self, user: Any, action: str) -> Q:
        if roles.is_portal(user):
            party_id = portal_party_id(user)
            allowed = roles.role_of(user) == Role.PORTAL_PARTNER and action in PARTNER_ACTIONS
            return Q(partner_id=party_id) if (allowed and party_id) else access.NOTHING
        if not roles.is_internal(user):
            return access.NOTHING
        case_action = access.VIEW if action in (access.VIEW, access.EXPORT) else access.CHANGE
        case_q = access.scope(user, case_action, Case)
        if case_q == access.NOTHING:
            return access.NOTHING
        return Q() if case_q == Q() else Q(case__in=Case.objects.filter(case_q).values("pk"))


class SurveyPolicy:
    """Staff who see cases read every survey's answers (they are the customer's voice on the
    service). A customer's portal user reads its own party's surveys and answers them (a change),
    seeing what was asked and its answer only. Nobody edits a survey: the services write it."""

    PORTAL_FIELDS = frozenset(
        {
            "id",
            "kind",
            "case",
            "language",
            "sent_at",
            "expires_at",
            "answered_at",
            "score",
            "comment",
            "is_detractor",
        }
    )

    def fields(self, user: Any) -> access.Fields:
        return access.Fields(only=self.PORTAL_FIELDS) if roles.is_portal(user) else access.EVERY_FIELD

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if roles.is_portal(user):
            if roles.role_of(user) != Role.PORTAL_CUSTOMER or action not in PARTNER_ACTIONS:
                return False
            party_id = portal_party_id(user)
            return party_id is not None and (isinstance(obj, type) or obj.party_id == party_id)
        if not roles.is_internal(user) or action not in (access.VIEW, access.EXPORT):
            return False
        return access.can(user, action, Case)

    def scope(self, user: Any, action: str) -> Q:
        if roles.is_portal(user):
            party_id = portal_party_id(user)
            allowed = roles.role_of(user) == Role.PORTAL_CUSTOMER and action in PARTNER_ACTIONS
            return Q(party_id=party_id) if (allowed and party_id) else access.NOTHING
        if not roles.is_internal(user) or action not in (access.VIEW, access.EXPORT):
            return access.NOTHING
        return Q() if access.can(user, action, Case) else access.NOTHING


# A partner reads its tasks and answers them (a change); it never opens, closes or exports them.
PARTNER_ACTIONS = frozenset({access.VIEW, access.CHANGE})


access.register(Case, CasePolicy())
access.register(CaseMessage, CaseMessagePolicy())
access.register(PartnerTask, PartnerTaskPolicy())
access.register(Survey, SurveyPolicy())
access.register(Promise, access.ChildPolicy(Case, "case", fields=roles.field_rule("promise")))


class CannedResponsePolicy:
    """Staff read the canned responses; those who work cases write them."""

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not roles.is_internal(user):
            return False
        if action in (access.VIEW, access.EXPORT):
            return True
        return access.can(user, access.CHANGE, Case)

    def scope(self, user: Any, action: str) -> Q:
        return Q() if self.can(user, action, CannedResponse) else access.NOTHING


class CaseViewingPolicy:
    """Who has a case open is seen by the staff who see the case; written by the desk's pages."""

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not roles.is_internal(user):
            return False
        return isinstance(obj, type) or access.can(user, access.VIEW, obj.case)

    def scope(self, user: Any, action: str) -> Q:
        return Q() if roles.is_internal(user) else access.NOTHING


access.register(CannedResponse, CannedResponsePolicy())
access.register(CaseViewing, CaseViewingPolicy())


class ReturnPolicyPolicy:
    """Return policies are read by all staff and published by administrators and managers."""

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not roles.is_internal(user):
            return False
        return action in (access.VIEW, access.EXPORT) or roles.role_of(user) in POLICY_SETTERS

    def scope(self, user: Any, action: str) -> Q:
        return Q() if self.can(user, action, ReturnPolicy) else access.NOTHING


class StaffOnlyChildPolicy(access.ChildPolicy):
    """A child row only staff read: who approved a refund is ours, not the customer's."""

    def can(self, user: Any, action: str, obj: Any) -> bool:
        return roles.is_internal(user) and super().can(user, action, obj)

    def scope(self, user: Any, action: str) -> Q:
        return super().scope(user, action) if roles.is_internal(user) else access.NOTHING


POLICY_SETTERS = frozenset({Role.ADMINISTRATOR, Role.MANAGER})

# Returns follow their case: its customer follows them in the portal (requesting one goes through
# ``request_return``, which checks the order is the customer's), staff who change the case work them.
access.register(ReturnPolicy, ReturnPolicyPolicy())
access.register(ReturnAuthorization, access.ChildPolicy(Case, "case"))
access.register(ReturnLine, access.ChildPolicy(ReturnAuthorization, "rma"))
access.register(Refund, access.ChildPolicy(ReturnAuthorization, "rma"))
access.register(RefundApproval, StaffOnlyChildPolicy(Refund, "refund"))
