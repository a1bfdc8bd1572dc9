"""Writes of the help desk on a case of any registered kind (casework.kinds).

Each case's model has `assigned_to` and `assigned_at`; every change of them goes through
`assignment_record`, in the caller's transaction, with an `Assignment` row beside it.
"""

from datetime import datetime
from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.selectors import display_name
from accounts.staff_mail import mail_staff
from portal.audit import acting

from . import kinds
from .errors import CaseworkError
from .models import Assignment, Note

# Assignment and notes


def agent_name(user) -> str:
    """An agent as the help desk names them: accounts' one rule for a person's name."""
    return display_name(user)


def may_hold(user, case) -> bool:
    """Whether `user` is one of the staff the case's kind lets work on it."""
    return kinds.of(case).agents(case).filter(pk=user.pk).exists()


def may_move(user, case) -> bool:
    """A team lead of the case (its kind says who) or a holder of the `reassign_others`
    permission (monitors, ministry administrators): may move a case another agent holds."""
    return user.has_perm("casework.reassign_others") or kinds.of(case).supervises(user, case)


def may_work(user, case) -> bool:
    return case.assigned_to_id == user.pk or may_hold(user, case) or may_move(user, case)


def case_take(case, *, acting_user, now: datetime | None = None):
    """The agent takes an unassigned open case. One conditional UPDATE: of two agents taking
    the same case at once, the second finds it held and is told by whom."""
    kind, now = kinds.of(case), now or timezone.now()
    if not may_hold(acting_user, case):
        raise CaseworkError("not_an_agent", agent=agent_name(acting_user))
    with transaction.atomic(), acting(acting_user):
        taken = (kind.open_cases().filter(pk=case.pk, assigned_to__isnull=True)
                 .update(assigned_to=acting_user, assigned_at=now))
        if not taken:
            _refuse_taken(kind, case, acting_user)
        Assignment.objects.create(kind=kind.key, object_id=case.pk, to_agent=acting_user,
                                  by=acting_user, at=now)
    case.assigned_to, case.assigned_at = acting_user, now
    return case


def _refuse_taken(kind, case, acting_user):
    current = kind.open_cases().select_related("assigned_to").filter(pk=case.pk).first()
    if current is None:
        raise CaseworkError("closed")
    if current.assigned_to_id == acting_user.pk:
        raise CaseworkError("already_assigned", agent=agent_name(acting_user))
    raise CaseworkError("taken", agent=agent_name(current.assigned_to))


def case_assign(case, *, agent, acting_user, reason: str = "", now: datetime | None = None):
    """Give the case to `agent` (one of its kind's agents). Any agent of the case may route
    an unassigned case or hand over their own; a case another agent holds moves only by a
    team lead or a monitor (may_move)."""
    kind, now = kinds.of(case), now or timezone.now()
    with transaction.atomic(), acting(acting_user):
        locked = (kind.open_cases().select_for_update(of=("self",)).select_related("assigned_to")
                  .filter(pk=case.pk).first())
        if locked is None:
            raise CaseworkError("closed")
        if locked.assigned_to_id == agent.pk:
            raise CaseworkError("already_assigned", agent=agent_name(agent))
        if locked.assigned_to_id not in (None, acting_user.pk):
            if not may_move(acting_user, locked):
                raise CaseworkError("not_yours_to_move", agent=agent_name(locked.assigned_to))
        elif not (may_hold(acting_user, locked) or may_move(acting_user, locked)):
            raise CaseworkError("not_an_agent", agent=agent_name(acting_user))
        if not may_hold(agent, locked):
            raise CaseworkError("not_an_agent", agent=agent_name(agent))
        assignment_record(locked, agent=agent, acting_user=acting_user, reason=reason, now=now)
    case.assigned_to, case.assigned_at = agent, now
    return case


def assignment_record(case, *, agent, acting_user, reason: str = "", now: datetime,
                      notify: bool = True) -> Assignment:
    """Write the case's new agent and its history row, in the caller's transaction (the
    case locked by it). `acting_user` None: the portal moved it (an escalation). `notify`
    False when the caller tells the agent itself (the escalation's own e-mail)."""
    kind = kinds.of(case)
    previous = case.assigned_to_id
    kind.model.objects.filter(pk=case.pk).update(assigned_to=agent, assigned_at=now)
    case.assigned_to, case.assigned_at = agent, now
    row = Assignment.objects.create(kind=kind.key, object_id=case.pk, from_agent_id=previous,
                                    to_agent=agent, by=acting_user, at=now,
                                    reason=reason.strip())
    if notify and agent != acting_user:
        transaction.on_commit(partial(_mail_assigned, row.pk))
    return row


def _mail_assigned(assignment_pk: int) -> None:
    """The new agent's notice, after the commit, in the portal's language (as staff get the
    escalation notices): which case, who gave it and why, where to open it."""
    row = Assignment.objects.select_related("to_agent", "by").get(pk=assignment_pk)
    if not row.to_agent.email:
        return
    kind = kinds.get(row.kind)
    case = kind.model.objects.get(pk=row.object_id)
    opts = kind.model._meta
    with translation.override(settings.LANGUAGE_CODE):
        context = {"reference": kind.reference(case),
                   "by": agent_name(row.by) if row.by else _("the portal"),
                   "reason": row.reason or "-",
                   "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change",
                                  args=[case.pk])}
        mail_staff(_("Case %(reference)s is assigned to you") % context,
                   _("%(by)s assigned case %(reference)s to you. Reason: %(reason)s. "
                     "Open it in the admin: %(url)s") % context, [row.to_agent.email])


def note_add(case, *, acting_user, body: str, now: datetime | None = None) -> Note:
    """An internal note on the case, for its agents only (never shown to the pilgrim)."""
    if not may_work(acting_user, case):
        raise CaseworkError("not_an_agent", agent=agent_name(acting_user))
    if not body.strip():
        raise CaseworkError("note_required")
    with transaction.atomic(), acting(acting_user):
        return Note.objects.create(kind=kinds.of(case).key, object_id=case.pk,
                                   author=acting_user, body=body.strip(),
                                   created_at=now or timezone.now())
