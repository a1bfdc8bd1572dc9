"""Writes of the complaints domain: filing, every transition, the deadline sweep, sanctions.

Every transition locks the complaint row, checks the state it leaves, writes the new state,
a `Transition` row (who, when, why) and the pilgrim's SMS in one transaction; the pghistory
snapshot carries the same actor and reason as context. Two sweepers (or a sweeper and a
member of staff) racing on one complaint cannot both move it: the second waits for the row
lock (or skips it), then finds the state already changed.
"""

import logging
import secrets
from datetime import date, datetime, timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from accounts import roles, staff_mail
from compensation.selectors import corrective_period_minutes
from compensation.services import claim_open
from notifications.services import sms_queue
from packages.selectors import meal_verdict, season_for
from portal import calendars
from portal.audit import acting
from portal.selectors import care_centre_number
from portal.sweeps import sweep_due
from portal.uploads import sniff_content_type
from sla.errors import SlaError
from sla.services import transaction_complete, transaction_record

from . import clock
from .errors import ComplaintError
from .models import (
    FINAL,
    MINISTRY_OPEN,
    PROVIDER_OPEN,
    About,
    Attachment,
    Channel,
    Complaint,
    MonthlyReport,
    Policy,
    ReportingAuthority,
    Sanction,
    Status,
    Transition,
)
from .reporting import report_csv, report_pdf
from .selectors import monthly_report_figures

logger = logging.getLogger(__name__)
Kind = Transition.Kind


SMS = {
    Kind.SUBMITTED: _("Your complaint %(number)s is received. It must be acknowledged by "
                      "%(ack)s and fixed by %(deadline)s."),
    Kind.ACKNOWLEDGED: _("Your complaint %(number)s has been acknowledged."),
    Kind.STARTED: _("Work on your complaint %(number)s has started."),
    Kind.INFO_REQUESTED: _("Complaint %(number)s: more information is needed. Reply on the "
                           "portal; the clock is paused until you do."),
    Kind.REPLIED: _("There is a new message on your complaint %(number)s."),
    Kind.RESOLVED: _("Complaint %(number)s is marked resolved. Confirm it or reopen it on the "
                     "portal."),
    Kind.CONFIRMED: _("Thank you: complaint %(number)s is closed as resolved."),
    Kind.REOPENED: _("Complaint %(number)s is reopened and must be fixed by %(deadline)s."),
    Kind.ESCALATED: _("Complaint %(number)s has been escalated to the ministry's monitors."),
    Kind.REVIEW_STARTED: _("The ministry is reviewing complaint %(number)s."),
    Kind.UPHELD: _("The ministry upheld complaint %(number)s."),
    Kind.DISMISSED: _("The ministry dismissed complaint %(number)s: %(reason)s"),
    Kind.CLOSED: _("Complaint %(number)s is closed."),
}

# Every state of a complaint and the SMS that tells it (README: "Every stage told";
# tests/test_every_stage_is_told.py): the step into the state sends it (_step).
STAGES = {
    Complaint: {
        Status.SUBMITTED: Kind.SUBMITTED,
        Status.ACKNOWLEDGED: Kind.ACKNOWLEDGED,
        Status.IN_PROGRESS: Kind.STARTED,
        Status.WAITING_PILGRIM: Kind.INFO_REQUESTED,
        Status.RESOLVED: Kind.RESOLVED,
        Status.CONFIRMED: Kind.CONFIRMED,
        Status.ESCALATED: Kind.ESCALATED,
        Status.UNDER_REVIEW: Kind.REVIEW_STARTED,
        Status.UPHELD: Kind.UPHELD,
        Status.DISMISSED: Kind.DISMISSED,
        Status.CLOSED: Kind.CLOSED,
    },
}
DUPLICATE_SMS = _("Complaint %(number)s is closed as a duplicate of complaint %(survivor)s: "
                  "follow that one, we handle it there.")
DUPLICATE_NOTE = _("Closed as a duplicate of complaint %(survivor)s.")
RESUMED_SMS = _("We received your reply on complaint %(number)s; the clock runs again.")
# The step a care-centre agent records for a pilgrim who phoned (stored, like DUPLICATE_NOTE,
# in the agent's language): the pilgrim's own words follow when there are any.
ON_BEHALF_NOTE = _("By phone, on the pilgrim's behalf.")
ON_BEHALF_SAID_NOTE = _("By phone, on the pilgrim's behalf: %(said)s")

ACTIONS = {
    Kind.ACKNOWLEDGED: _("acknowledged"), Kind.STARTED: _("started"),
    Kind.INFO_REQUESTED: _("put on hold for information"), Kind.RESOLVED: _("resolved"),
    Kind.CONFIRMED: _("confirmed"), Kind.REOPENED: _("reopened"),
    Kind.ESCALATED: _("escalated"), Kind.REVIEW_STARTED: _("taken for review"),
    Kind.UPHELD: _("decided"), Kind.DISMISSED: _("decided"), Kind.CLOSED: _("closed"),
    Kind.REPLIED: _("answered"),
}

SLA_CHANNELS = {Channel.ONLINE: "online", Channel.PHONE: "phone", Channel.IN_PERSON: "counter",
                Channel.WHATSAPP: "on_behalf", Channel.EMAIL: "on_behalf"}
SLA_SERVICE = "complaint"  # their own e-service of the catalogue (portal 0008)
# Dates in error messages render in the reader's language, when the message is shown.
lazy_dual = lazy(calendars.format_dual, str)
lazy_dual_datetime = lazy(calendars.format_dual_datetime, str)


def policy_get(*, season=None, now: datetime | None = None) -> Policy:
    """The complaint policy of a season (the season of `now` when none is given, as for a
    complaint about the portal); a season without its own row follows the latest earlier
    season's, and the model's defaults apply while there is none at all."""
    if season is None:
        season = season_for(moment=now or timezone.now())
    if season is None:
        return Policy()
    season_year = getattr(season, "pk", season)
    return (Policy.objects.filter(season__lte=season_year).order_by("-season_id").first()
            or Policy.objects.order_by("season_id").first() or Policy(season_id=season_year))


# --- Who may do what --------------------------------------------------------------------


def staff_may_handle(*, user, complaint: Complaint) -> bool:
    """Provider staff handle their own company's complaints; the care centre handles
    complaints about the portal and may act for any provider."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser or roles.user_has_role(user, roles.CARE_AGENT):
        return True
    provider = roles.provider_for_staff(user)
    return provider is not None and complaint.provider_id == provider.pk


def may_act_for_pilgrim(*, user) -> bool:
    """Care-centre agents and ministry administrators record, on the pilgrim's behalf, the
    steps only the pilgrim takes (a pilgrim who phones rather than going online); a
    provider's staff never act as the pilgrim they serve."""
    return roles.is_ministry_admin(user) or roles.user_has_role(user, roles.CARE_AGENT)


def may_see(*, user, complaint: Complaint) -> bool:
    return (complaint.pilgrim_id == getattr(user, "pk", None)
            or staff_may_handle(user=user, complaint=complaint) or roles.is_ministry_staff(user))


# --- Filing -----------------------------------------------------------------------------


def attachments_validate(*, files, season=None,
                         now: datetime | None = None) -> list[tuple[object, str]]:
    """(file, content type) of each upload, judged by its bytes, or a ComplaintError."""
    policy = policy_get(season=season, now=now)
    if len(files) > policy.max_files:
        raise ComplaintError("too_many_files", max=policy.max_files)
    checked = []
    for upload in files:
        if upload.size > policy.max_file_mb * 1024 * 1024:
            raise ComplaintError("file_too_large", name=upload.name, max_mb=policy.max_file_mb)
        upload.seek(0)
        kind = sniff_content_type(upload)
        if kind is None:
            raise ComplaintError("file_type", name=upload.name)
        checked.append((upload, kind))
    return checked


def _attach(complaint, step, checked, user):
    for upload, kind in checked:
        attachment = Attachment(complaint=complaint, transition=step, uploaded_by=user,
                                token=secrets.token_urlsafe(24), original_name=upload.name[:200],
                                content_type=kind, size=upload.size)
        attachment.file.save(attachment.token, upload, save=False)
        attachment.save()


@transaction.atomic
def complaint_file(*, acting_user, about: str = About.PROVIDER, contract=None, item: str,
                   failure: str, description: str, occurred_at: datetime, files=(),
                   channel: str = Channel.ONLINE, logged_by=None,
                   now: datetime | None = None) -> Complaint:
    """File a complaint (the pilgrim online, or staff logging one received elsewhere)."""
    now = now or timezone.now()
    contract = _check_contract(acting_user, about, contract, now)
    season_id = contract.season_id if contract else None
    policy = policy_get(season=season_id, now=now)
    checked = attachments_validate(files=list(files), season=season_id, now=now)
    _check_occurred(occurred_at, contract, now)
    _check_channel(channel, logged_by, contract)
    minutes = _corrective_minutes(season_id, item, failure, policy=policy)
    complaint = Complaint.objects.create(
        pilgrim=acting_user, about=about, contract=contract,
        provider=contract.provider if contract else None, season_id=season_id, item=item,
        failure=failure, description=description, occurred_at=occurred_at, channel=channel,
        logged_by=logged_by, created_at=now, corrective_period_minutes=minutes,
        ack_due_at=clock.end_of_working_day(
            now, working_days_after=policy.acknowledge_working_days),
        fix_due_at=now + timedelta(minutes=minutes),
    )
    complaint.number = f"CM{season_id or 'P'}-{complaint.pk:06d}"
    complaint.save(update_fields=["number"])
    step = _step(complaint, kind=Kind.SUBMITTED, from_status="",
                 acting_user=logged_by or acting_user,
                 note=description, now=now)
    _attach(complaint, step, checked, logged_by or acting_user)
    _sla_record(complaint, now)
    transaction.on_commit(partial(_mail_staff_new, complaint.pk))
    return complaint


def _check_contract(pilgrim, about, contract, now):
    if about == About.PORTAL:
        return None
    if contract is None:
        raise ComplaintError("contract_required")
    if contract.pilgrim_id != pilgrim.pk:
        raise ComplaintError("not_your_contract")
    if contract.status == contract.Status.CANCELLED:
        raise ComplaintError("contract_cancelled")
    season, today = contract.season, calendars.local_date(now)
    last_day = season.gregorian("complaints_until")
    if today > last_day:
        raise ComplaintError("season_over", season=season.year,
                             date=lazy_dual(last_day), care_centre=care_centre_number())
    first_day = season.gregorian("track_opens")
    if today < first_day:
        raise ComplaintError("season_not_started", season=season.year,
                             date=lazy_dual(first_day))
    return contract


def _check_occurred(occurred_at, contract, now):
    """A failure happened before the complaint about it, and not before the season's
    contracts existed."""
    if occurred_at > now:
        raise ComplaintError("occurred_in_future")
    if contract is not None:
        first_day = contract.season.gregorian("track_opens")
        if calendars.local_date(occurred_at) < first_day:
            raise ComplaintError("occurred_before_season", season=contract.season.year,
                                 date=lazy_dual(first_day))


def _check_channel(channel, logged_by, contract):
    if logged_by is None:
        if channel != Channel.ONLINE:
            raise ComplaintError("channel_staff_only")
        return
    if roles.user_has_role(logged_by, roles.CARE_AGENT) or logged_by.is_superuser:
        return
    provider = roles.provider_for_staff(logged_by)
    if provider is None or contract is None or contract.provider_id != provider.pk:
        raise ComplaintError("channel_staff_only")


def _corrective_minutes(season_id, item, failure, *, policy):
    default = policy.default_corrective_minutes
    if season_id is None:
        return default
    return corrective_period_minutes(season_id=season_id, item=item, failure=failure,
                                     default=default)


# --- Transitions ------------------------------------------------------------------------


def _lock(complaint, *, skip_locked=False) -> Complaint | None:
    rows = Complaint.objects.select_for_update(skip_locked=skip_locked, of=("self",))
    return rows.select_related("pilgrim__profile").filter(pk=complaint.pk).first()


def _move(complaint, *, sources, target, kind, acting_user, note="", now, fields=None,
          sms_context=None) -> Complaint:
    """Lock, check the state left, write the state entered, the step and the SMS."""
    locked = _lock(complaint)
    if locked is None:
        raise ComplaintError("not_found")
    if locked.status not in sources:
        raise ComplaintError("bad_transition", status=locked.get_status_display(),
                             action=ACTIONS[kind])
    return _apply(locked, target=target, kind=kind, acting_user=acting_user, note=note, now=now,
                  fields=fields, sms_context=sms_context)


def _apply(locked, *, target, kind, acting_user, note, now, fields=None, sms_context=None):
    from_status = locked.status
    locked.status = target
    for name, value in (fields or {}).items():
        setattr(locked, name, value)
    with acting(acting_user, step=kind, why=note):
        locked.save(update_fields=["status", *(fields or {})])
    _step(locked, kind=kind, from_status=from_status, acting_user=acting_user, note=note, now=now,
          sms_context=sms_context)
    return locked


def _step(complaint, *, kind, from_status, acting_user, note, now, sms_context=None,
          sms=True) -> Transition:
    step = Transition.objects.create(complaint=complaint, kind=kind, from_status=from_status,
                                     to_status=complaint.status, actor=acting_user, note=note,
                                     at=now)
    if sms:
        _sms(complaint, SMS[kind], step, **(sms_context or {}))
    return step


def _require_staff(user, complaint):
    if not staff_may_handle(user=user, complaint=complaint):
        raise ComplaintError("not_allowed")


def _require_ministry(user):
    if not roles.is_ministry_staff(user):
        raise ComplaintError("not_allowed")


def _require_pilgrim(user, complaint):
    if complaint.pilgrim_id != getattr(user, "pk", None):
        raise ComplaintError("not_found")


def _pilgrim_actor(complaint, *, acting_user, on_behalf_by, note=""):
    """The actor and note of a step only the pilgrim takes: the pilgrim's own, or, when
    `on_behalf_by` records it for them by phone, that agent's with the note saying so."""
    _require_pilgrim(acting_user, complaint)
    if on_behalf_by is None:
        return acting_user, note
    if not may_act_for_pilgrim(user=on_behalf_by):
        raise ComplaintError("not_on_behalf")
    said = note.strip()
    return on_behalf_by, str(ON_BEHALF_SAID_NOTE % {"said": said} if said else ON_BEHALF_NOTE)


@transaction.atomic
def complaint_acknowledge(*, complaint: Complaint, acting_user, now: datetime | None = None):
    _require_staff(acting_user, complaint)
    now = now or timezone.now()
    return _move(complaint, sources=[Status.SUBMITTED], target=Status.ACKNOWLEDGED,
                 kind=Kind.ACKNOWLEDGED, acting_user=acting_user, now=now,
                 fields={"acknowledged_at": now})


@transaction.atomic
def complaint_start(*, complaint: Complaint, acting_user, now: datetime | None = None):
    _require_staff(acting_user, complaint)
    now = now or timezone.now()
    fields = {} if complaint.acknowledged_at else {"acknowledged_at": now}
    return _move(complaint, sources=[Status.SUBMITTED, Status.ACKNOWLEDGED],
                 target=Status.IN_PROGRESS, kind=Kind.STARTED, acting_user=acting_user, now=now,
                 fields=fields)


@transaction.atomic
def complaint_request_info(*, complaint: Complaint, acting_user, question: str,
                           now: datetime | None = None):
    """Ask the pilgrim; the provider's clock stops until the pilgrim replies."""
    _require_staff(acting_user, complaint)
    if not question.strip():
        raise ComplaintError("reason_required")
    now = now or timezone.now()
    locked = _lock(complaint)
    if locked.status not in PROVIDER_OPEN:
        raise ComplaintError("bad_transition", status=locked.get_status_display(),
                             action=ACTIONS[Kind.INFO_REQUESTED])
    fields = {"paused_at": now, "paused_status": locked.status
              if locked.status != Status.SUBMITTED else Status.ACKNOWLEDGED}
    if not locked.acknowledged_at:
        fields["acknowledged_at"] = now
    return _apply(locked, target=Status.WAITING_PILGRIM, kind=Kind.INFO_REQUESTED,
                  acting_user=acting_user,
                  note=question, now=now, fields=fields)


@transaction.atomic
def complaint_reply(*, complaint: Complaint, acting_user, text: str, files=(),
                    on_behalf_by=None, now: datetime | None = None) -> Transition:
    """A message on the complaint; the pilgrim's reply to a question restarts the clock
    with the time spent waiting added to the deadlines. `on_behalf_by`: the agent who
    records the reply of the pilgrim (`acting_user`) given by phone."""
    now = now or timezone.now()
    if not text.strip():
        raise ComplaintError("empty_message")
    from_pilgrim = complaint.pilgrim_id == acting_user.pk
    if from_pilgrim or on_behalf_by is not None:
        actor, text = _pilgrim_actor(complaint, acting_user=acting_user,
                                     on_behalf_by=on_behalf_by, note=text)
    else:
        _require_staff_or_ministry(acting_user, complaint)
        actor = acting_user
    checked = attachments_validate(files=list(files), season=complaint.season_id, now=now)
    locked = _lock(complaint)
    if locked.status in FINAL:
        raise ComplaintError("bad_transition", status=locked.get_status_display(),
                             action=ACTIONS[Kind.REPLIED])
    if from_pilgrim and locked.status == Status.WAITING_PILGRIM:
        waited = now - locked.paused_at
        _apply(locked, target=locked.paused_status, kind=Kind.REPLIED, acting_user=actor,
               note=text,
               now=now, fields={
                   "paused_at": None, "paused_status": "",
                   "paused_seconds": locked.paused_seconds + int(waited.total_seconds()),
                   "fix_due_at": locked.fix_due_at + waited,
                   "ack_due_at": locked.ack_due_at + waited,
               }, sms_context={"_message": RESUMED_SMS})
        step = locked.transitions.order_by("-pk").first()
    else:
        step = _step(locked, kind=Kind.REPLIED, from_status=locked.status,
                     acting_user=actor, note=text,
                     now=now, sms=not from_pilgrim)
    _attach(locked, step, checked, actor)
    return step


def _require_staff_or_ministry(user, complaint):
    if not (staff_may_handle(user=user, complaint=complaint) or roles.is_ministry_staff(user)):
        raise ComplaintError("not_allowed")


@transaction.atomic
def complaint_resolve(*, complaint: Complaint, acting_user, note: str, now: datetime | None = None):
    """The provider reports the fix; after the corrective period a claim is computed."""
    _require_staff(acting_user, complaint)
    if not note.strip():
        raise ComplaintError("reason_required")
    now = now or timezone.now()
    locked = _lock(complaint)
    if locked.status not in (*PROVIDER_OPEN, Status.ESCALATED):
        raise ComplaintError("bad_transition", status=locked.get_status_display(),
                             action=ACTIONS[Kind.RESOLVED])
    late = now > locked.fix_due_at
    fields = {"resolved_at": now, "resolution_note": note,
              "fixed_late": locked.fixed_late or late}
    if not locked.acknowledged_at:
        fields["acknowledged_at"] = now
    resolved = _apply(locked, target=Status.RESOLVED, kind=Kind.RESOLVED, acting_user=acting_user,
                      note=note,
                      now=now, fields=fields)
    if late:
        _claim_open(resolved, trigger="fixed_late", now=now)
    return resolved


@transaction.atomic
def complaint_confirm(*, complaint: Complaint, acting_user, on_behalf_by=None,
                      now: datetime | None = None):
    """The pilgrim (`acting_user`) confirms the fix; `on_behalf_by`: the agent who records
    it for them by phone."""
    actor, note = _pilgrim_actor(complaint, acting_user=acting_user, on_behalf_by=on_behalf_by)
    now = now or timezone.now()
    confirmed = _move(complaint, sources=[Status.RESOLVED], target=Status.CONFIRMED,
                      kind=Kind.CONFIRMED, acting_user=actor, note=note, now=now,
                      fields={"closed_at": now})
    _sla_complete(confirmed, now)
    return confirmed


@transaction.atomic
def complaint_reopen(*, complaint: Complaint, acting_user, reason: str, on_behalf_by=None,
                     now: datetime | None = None):
    """Not fixed after all: the provider gets a fresh corrective period. `on_behalf_by`:
    the agent who records the pilgrim's reopening, and what they said, by phone."""
    actor, note = _pilgrim_actor(complaint, acting_user=acting_user, on_behalf_by=on_behalf_by,
                                 note=reason)
    if not reason.strip():
        raise ComplaintError("reason_required")
    now = now or timezone.now()
    due = now + timedelta(minutes=complaint.corrective_period_minutes)
    return _move(complaint, sources=[Status.RESOLVED], target=Status.IN_PROGRESS,
                 kind=Kind.REOPENED, acting_user=actor, note=note, now=now,
                 fields={"fix_due_at": due, "resolved_at": None},
                 sms_context={"deadline": due})


@transaction.atomic
def complaint_escalate(*, complaint: Complaint, acting_user, reason: str = "",
                       on_behalf_by=None, now: datetime | None = None):
    """The pilgrim's "escalate now", once the provider's corrective period has passed;
    `on_behalf_by`: the agent who records it for the pilgrim by phone."""
    actor, reason = _pilgrim_actor(complaint, acting_user=acting_user,
                                   on_behalf_by=on_behalf_by, note=reason)
    now = now or timezone.now()
    locked = _lock(complaint)
    if locked.status not in PROVIDER_OPEN:
        raise ComplaintError("bad_transition", status=locked.get_status_display(),
                             action=ACTIONS[Kind.ESCALATED])
    if now < locked.fix_due_at:
        raise ComplaintError("provider_time_left",
                             deadline=lazy_dual_datetime(locked.fix_due_at))
    escalated = _apply(locked, target=Status.ESCALATED, kind=Kind.ESCALATED,
                       acting_user=actor,
                       note=reason, now=now, fields={"escalated_at": now})
    transaction.on_commit(partial(_mail_ministry_escalated, escalated.pk))
    return escalated


def complaints_escalate_overdue(*, now: datetime | None = None) -> int:
    """The beat's sweep: every complaint whose corrective period passed goes to the monitors.

    Through portal.sweeps: sweepers split the backlog, each complaint in a short transaction
    of its own, locked with SKIP LOCKED (a complaint a member of staff is moving right now is
    left for the next tick) and its state re-checked under the lock, so each escalation
    happens exactly once.
    """
    now = now or timezone.now()
    due = Complaint.objects.filter(status__in=PROVIDER_OPEN, fix_due_at__lt=now)
    return sweep_due(name="complaints.escalate_overdue", due=due.order_by("fix_due_at"),
                     process=partial(_escalate_overdue_one, now=now))


def _escalate_overdue_one(pk, *, now) -> bool:
    locked = (Complaint.objects.select_for_update(skip_locked=True, of=("self",))
              .filter(pk=pk, status__in=PROVIDER_OPEN, fix_due_at__lt=now).first())
    if locked is None:
        return False
    note = str(_("The provider did not fix the complaint within the corrective period."))
    _apply(locked, target=Status.ESCALATED, kind=Kind.ESCALATED, acting_user=None, note=note,
           now=now, fields={"escalated_at": now, "escalated_automatically": True})
    transaction.on_commit(partial(_mail_ministry_escalated, pk))
    return True


@transaction.atomic
def complaint_review_start(*, complaint: Complaint, acting_user, now: datetime | None = None):
    _require_ministry(acting_user)
    now = now or timezone.now()
    return _move(complaint, sources=[Status.ESCALATED], target=Status.UNDER_REVIEW,
                 kind=Kind.REVIEW_STARTED, acting_user=acting_user, now=now,
                 fields={"review_started_at": now})


@transaction.atomic
def complaint_decide(*, complaint: Complaint, acting_user, upheld: bool, reason: str,
                     now: datetime | None = None):
    """The ministry upholds or dismisses, with reasons; upholding computes the claim."""
    _require_ministry(acting_user)
    if not reason.strip():
        raise ComplaintError("reason_required")
    now = now or timezone.now()
    if upheld:
        _check_meal_late(complaint)
    kind = Kind.UPHELD if upheld else Kind.DISMISSED
    decided = _move(complaint, sources=list(MINISTRY_OPEN),
                    target=Status.UPHELD if upheld else Status.DISMISSED, kind=kind,
                    acting_user=acting_user,
                    note=reason, now=now, sms_context={"reason": reason},
                    fields={"decided_at": now, "decided_by": acting_user,
                            "decision_reason": reason})
    if upheld:
        _claim_open(decided, trigger="upheld", now=now)
    return decided


@transaction.atomic
def complaint_close(*, complaint: Complaint, acting_user, now: datetime | None = None):
    _require_ministry(acting_user)
    now = now or timezone.now()
    closed = _move(complaint, sources=[Status.UPHELD, Status.DISMISSED], target=Status.CLOSED,
                   kind=Kind.CLOSED, acting_user=acting_user, now=now, fields={"closed_at": now})
    _sla_complete(closed, now)
    return closed


@transaction.atomic
def complaint_close_as_duplicate(*, complaint: Complaint, survivor: Complaint, acting_user,
                                 now: datetime | None = None):
    """Close a complaint the help desk merged into `survivor` (casework.links), from any
    state still open, with the survivor's number in the step's note; its pilgrim gets one SMS
    naming the complaint to follow."""
    _require_staff_or_ministry(acting_user, complaint)
    now = now or timezone.now()
    note = str(DUPLICATE_NOTE % {"survivor": survivor.number})  # in the staff's language
    closed = _move(complaint, sources=[s for s in Status if s not in FINAL],
                   target=Status.CLOSED, kind=Kind.CLOSED, acting_user=acting_user, note=note,
                   now=now, fields={"closed_at": now, "paused_at": None},
                   sms_context={"_message": DUPLICATE_SMS, "survivor": survivor.number})
    # No satisfaction survey on a duplicate: its pilgrim is told once, to follow the survivor.
    _sla_complete(closed, now, survey_at=None)
    return closed


def _check_meal_late(complaint):
    """A late meal is upheld only when it came after the package's announced window."""
    package = complaint.contract.package if complaint.contract_id else None
    if complaint.failure != "late" or package is None:
        return
    verdict = meal_verdict(package=package, item=complaint.item,
                           served_at=complaint.occurred_at)
    if verdict is not None and verdict.late is False:
        raise ComplaintError("meal_on_time", meal=verdict.window.get_meal_display(),
                             until=verdict.window.closes_at.strftime("%H:%M"))


def _claim_open(complaint, *, trigger, now):
    return claim_open(complaint=complaint, trigger=trigger, now=now)


# --- Sanctions --------------------------------------------------------------------------


@transaction.atomic
def sanction_impose(*, provider, kind: str, reason: str, acting_user, complaints=(),
                    fine_amount=None,
                    seasons=None, from_season=None, now: datetime | None = None) -> Sanction:
    """Record a sanction on the provider; revoking the licence deactivates the provider."""
    _require_ministry(acting_user)
    if not reason.strip():
        raise ComplaintError("reason_required")
    if (kind == Sanction.Kind.FINE and not fine_amount) or (
            kind == Sanction.Kind.SUSPENSION and not seasons):
        raise ComplaintError("sanction_details")
    sanction = Sanction.objects.create(
        provider=provider, kind=kind, reason=reason, fine_amount=fine_amount, seasons=seasons,
        from_season=from_season, decided_by=acting_user, decided_at=now or timezone.now(),
    )
    sanction.complaints.set(complaints)
    if kind == Sanction.Kind.REVOCATION:
        type(provider).objects.filter(pk=provider.pk).update(is_active=False)
    return sanction


# --- SMS, staff mail, SLA ---------------------------------------------------------------


def _sms(complaint, message, step, **context):
    profile = getattr(complaint.pilgrim, "profile", None)
    if profile is None or not profile.mobile:
        return
    language = profile.preferred_language or "ar"
    message = context.pop("_message", message)
    with translation.override(language):
        values = {"number": complaint.number,
                  "deadline": calendars.format_dual_datetime(
                      context.pop("deadline", complaint.fix_due_at)),
                  "ack": calendars.format_dual_datetime(complaint.ack_due_at)}
        values.update({name: str(value) for name, value in context.items()})
    sms_queue(to=profile.mobile, message=message, context=values, language=language,
              idempotency_key=f"complaints:{complaint.pk}:{step.pk}", user=complaint.pilgrim,
              about=complaint)


def _mail_staff_new(complaint_id):
    complaint = Complaint.objects.filter(pk=complaint_id).first()
    if complaint is None:
        return
    recipients = staff_mail.staff_emails(
        provider_id=complaint.provider_id,
        roles_wanted=[] if complaint.provider_id else [roles.CARE_AGENT])
    with translation.override("ar"):
        staff_mail.mail_staff(_("New complaint %(number)s") % {"number": complaint.number},
              _("A new complaint must be acknowledged by %(ack)s and fixed by %(fix)s.") % {
                  "ack": calendars.format_dual_datetime(complaint.ack_due_at),
                  "fix": calendars.format_dual_datetime(complaint.fix_due_at)},
              recipients)


def _mail_ministry_escalated(complaint_id):
    complaint = Complaint.objects.filter(pk=complaint_id).first()
    if complaint is None:
        return
    with translation.override("ar"):
        staff_mail.mail_ministry(
            _("Complaint %(number)s escalated") % {"number": complaint.number},
            _("Complaint %(number)s waits in the escalated queue for a decision.") % {
                "number": complaint.number})


def _sla_record(complaint, now):
    try:
        transaction_record(service=SLA_SERVICE, channel=SLA_CHANNELS[complaint.channel],
                           started_at=now, outcome="pending", provider=complaint.provider,
                           reference=complaint.number, user=complaint.pilgrim, now=now)
    except SlaError:  # the catalogue lacks the e-service (a flushed test database)
        logger.warning("Complaint %s not recorded with the SLA app", complaint.number)


def _sla_complete(complaint, now, **survey):
    try:
        transaction_complete(service=SLA_SERVICE, reference=complaint.number,
                             outcome="completed", completed_at=now, now=now, **survey)
    except SlaError:
        logger.warning("Complaint %s not completed with the SLA app", complaint.number)


# --- A complaint policy's change (portal.rule_changes) -----------------------------------


def policy_change_apply(*, rule: Policy, previous: Policy, acting_user, reason: str) -> None:
    """Save an edited complaint policy (portal.rule_changes: in its transaction and audit
    context). The complaints received from now on get its deadlines; an open complaint keeps
    those it was given when received (told to the pilgrim and the provider then, and the
    sweeps' and the providers' ranking measure against them), so nobody is told anything."""
    rule.save()


# --- Reports for the national complaints systems -----------------------------------------


def previous_month(now: datetime) -> date:
    first = calendars.local_date(now).replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


def monthly_report_generate(*, authority: ReportingAuthority, month: date,
                            regenerate: bool = False,
                            now: datetime | None = None) -> MonthlyReport | None:
    """The authority's report for the month, made once: None when it exists already and
    `regenerate` is not asked (the beat run twice, or two beats racing on the unique
    constraint); staff regenerate a month by hand with `regenerate=True`."""
    now = now or timezone.now()
    month = month.replace(day=1)
    with transaction.atomic():
        report = (MonthlyReport.objects.select_for_update()
                  .filter(authority=authority, month=month).first())
        if report is not None and not regenerate:
            return None
        figures = monthly_report_figures(authority=authority, month=month)
        name = authority.safe_translation_getter(
            "name", language_code=authority.report_language, any_language=True)
        fields = {
            "figures": figures, "generated_at": now,
            "csv_data": report_csv(figures, language=authority.report_language),
            "pdf_data": report_pdf(figures, authority_name=name, month=month,
                                   language=authority.report_language),
        }
        if report is not None:
            MonthlyReport.objects.filter(pk=report.pk).update(**fields)
            report.refresh_from_db()
            return report
        try:
            with transaction.atomic():  # a racing beat made it first: the constraint says so
                return MonthlyReport.objects.create(authority=authority, month=month, **fields)
        except IntegrityError:
            return None


def monthly_reports_generate(*, now: datetime | None = None) -> int:
    """The beat's run on the 1st: last month's report of every active authority, once."""
    now = now or timezone.now()
    month = previous_month(now)
    made = 0
    for authority in ReportingAuthority.objects.filter(is_active=True):
        made += monthly_report_generate(authority=authority, month=month, now=now) is not None
    return made
