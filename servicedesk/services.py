"""Writes of the service desk: filing, answering, replying, resolving.

Every state change is here, inside one transaction, with its SMS queued in that same
transaction (notifications.sms_queue) so nothing is announced that then rolls back.
"""

import logging
import math
import secrets
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.db.models import Case, DateTimeField, F, Q, When
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.selectors import profile_for_user
from accounts.staff_mail import mail_staff
from casework.services import assignment_record
from notifications.services import sms_queue
from portal import references, working_days
from portal.audit import acting
from portal.calendars import format_dual
from portal.sweeps import sweep_due
from portal.uploads import sniff_content_type
from sla.errors import SlaError
from sla.services import survey_offer_now
from sla.services import transaction_complete as complete_transaction
from sla.services import transaction_record as record_transaction

from . import limits
from .errors import DeskError
from .models import (
    Attachment,
    DeskRequest,
    Escalation,
    EscalationStep,
    Message,
    RequestType,
    Topic,
)
from .selectors import deadlines_for, desk_request_supervised_by

logger = logging.getLogger(__name__)

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

SMS = {
    "filed": _("Your request %(reference)s is received. Follow it with this number and your "
               "identity number on the portal."),
    "answered": _("An expert answered your request %(reference)s on the portal."),
    "resolved": _("Your request %(reference)s is resolved."),
    "duplicate": _("Your request %(reference)s is closed as a duplicate of request "
                   "%(survivor)s: follow that one, we answer you there."),
}

# Every state of the e-service and the SMS that tells it (README: "Every stage told";
# tests/test_every_stage_is_told.py). None only with the reason beside it.
# A request past its deadline is not a state of its own: the deadline sweeps tell it.
STAGES = {
    DeskRequest: {
        DeskRequest.Status.RECEIVED: "filed",
        DeskRequest.Status.ANSWERED: "answered",
        DeskRequest.Status.RESOLVED: "resolved",
    },
}


def _limits():
    # Read at call time, so tests and deployments can change them without a restart.
    return (getattr(settings, "SERVICEDESK_MAX_FILES", 5),
            getattr(settings, "SERVICEDESK_MAX_FILE_BYTES", 5 * 1024 * 1024))


def attachments_validate(*, files) -> list[tuple[object, str]]:
    """(file, content type) of each upload, or a DeskError naming the first bad one."""
    max_files, max_bytes = _limits()
    if len(files) > max_files:
        raise DeskError("too_many_files", max=max_files)
    checked = []
    for upload in files:
        if upload.size > max_bytes:
            raise DeskError("file_too_large", name=upload.name, max_mb=max_bytes // (1024 * 1024))
        upload.seek(0)
        kind = sniff_content_type(upload)
        if kind is None:
            raise DeskError("file_type", name=upload.name)
        checked.append((upload, kind))
    return checked


def _attach(message, checked):
    for upload, kind in checked:
        attachment = Attachment(message=message, token=secrets.token_urlsafe(24),
                                original_name=upload.name[:200], content_type=kind,
                                size=upload.size)
        attachment.file.save(attachment.token, upload, save=False)
        attachment.save()


def _new_reference() -> str:
    return "SD-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


# The deadlines told to the pilgrim: a date in both calendars, in the pilgrim's language.
DEADLINE_SMS = {
    "filed_reply_by": _("Your request %(reference)s is received. A reply is expected by "
                        "%(date)s. Follow it with this number and your identity number on the "
                        "portal."),
    "suggestion_filed": _("Thank you: your suggestion %(reference)s is received and passed to "
                          "the responsible team. A reply is expected by %(date)s."),
    "delayed": _("Your request %(reference)s is taking longer than promised and has been "
                 "passed to a senior officer. A reply is now expected by %(date)s."),
}

# The deadline sweep's messages, in the README's SMS table (portal.stages.deadline_stages).
DEADLINES = [
    (DeskRequest, _("Received, with a reply target in working days (an enquiry)"),
     DEADLINE_SMS["filed_reply_by"]),
    (DeskRequest, _("A suggestion received (the same-day acknowledgement)"),
     DEADLINE_SMS["suggestion_filed"]),
    (DeskRequest, _("A deadline passed: escalated along the chain"), DEADLINE_SMS["delayed"]),
]


def _sms(request: DeskRequest, key: str, step: str, *, message=None, context=None):
    profile = request.user.profile
    sms_queue(to=profile.mobile, message=message or SMS[key],
              context={"reference": request.reference, **(context or {})},
              language=profile.preferred_language, user=request.user, about=request,
              idempotency_key=f"servicedesk:{request.reference}:{step}")


def _sms_with_date(request: DeskRequest, key: str, step: str, *, when: datetime):
    language = request.user.profile.preferred_language
    _sms(request, key, step, message=DEADLINE_SMS[key],
         context={"date": format_dual(when, language=language)})


def desk_request_submit(*, acting_user, request_type: RequestType, topic: Topic, subject: str,
                        text: str, files=(), now: datetime | None = None) -> DeskRequest:
    """File a request or question; routed to the topic's team, deadlines from the type."""
    now = now or timezone.now()
    profile = getattr(acting_user, "profile", None)
    if profile is None:
        raise DeskError("profile_required")
    if not request_type.is_active:
        raise DeskError("type_inactive")
    if not topic.is_active:
        raise DeskError("topic_inactive")
    if not text.strip() or not subject.strip():
        raise DeskError("text_required")
    checked = attachments_validate(files=list(files))
    with transaction.atomic():
        request = _insert_request(user=acting_user, profile=profile, request_type=request_type,
                                  topic=topic, subject=subject.strip(), now=now)
        message = Message.objects.create(request=request, author=acting_user, body=text.strip(),
                                         created_at=now)
        _attach(message, checked)
        if request_type.kind == RequestType.Kind.SUGGESTION:
            _sms_with_date(request, "suggestion_filed", "filed", when=request.first_response_due)
        elif request_type.reply_working_days:
            # The acknowledgement, the same working day: it names the reply's date.
            _sms_with_date(request, "filed_reply_by", "filed", when=request.first_response_due)
        else:
            _sms(request, "filed", "filed")
        # Pending until answered (_sla_answered): its processing time is the time to the
        # experts' first answer, not the instant of filing. Surveyed when resolved.
        record_transaction(service=request_type.eservice_code, channel="online",
                           started_at=now, outcome="pending",
                           reference=request.reference, user=acting_user, now=now)
    return request


def _insert_request(*, user, profile, request_type, topic, subject, now) -> DeskRequest:
    first_response_due, resolution_due = deadlines_for(request_type=request_type, now=now)
    fields = dict(
        user=user, request_type=request_type, topic=topic, team=topic.team, subject=subject,
        filed_id_number=profile.id_number, filed_mobile=str(profile.mobile),
        fee=request_type.fee, created_at=now,
        # The filing SMS, queued in this transaction, is the same-day acknowledgement.
        acknowledgement_due=working_days.end_of_working_day(now), acknowledged_at=now,
        first_response_due=first_response_due, resolution_due=resolution_due,
    )
    for _attempt in range(5):  # 32^8 references: a clash is rare, retried in a savepoint
        try:
            with transaction.atomic():
                return DeskRequest.objects.create(reference=_new_reference(), **fields)
        except IntegrityError:
            continue
    raise IntegrityError("could not allocate a desk reference")


def staff_may_handle(*, user, request: DeskRequest) -> bool:
    """Members of the request's team, and those it was escalated to (the lead, the
    second-line team); ministry administrators and superusers oversee all."""
    if user.is_superuser or roles.user_has_role(user, roles.MINISTRY_ADMIN):
        return True
    if request.assigned_to_id == user.pk:
        return True
    groups = [request.team.group_id]
    if request.escalated_team_id:
        groups.append(request.escalated_team.group_id)
    return user.groups.filter(pk__in=groups).exists()


def desk_reply_add(*, request: DeskRequest, acting_user, body: str, files=(),
                   now: datetime | None = None) -> Message:
    """A message in the thread: from the pilgrim (back to the experts) or from an expert."""
    now = now or timezone.now()
    from_expert = acting_user.pk != request.user_id
    if from_expert and not staff_may_handle(user=acting_user, request=request):
        raise DeskError("not_your_team")
    if not body.strip():
        raise DeskError("text_required")
    checked = attachments_validate(files=list(files))
    with transaction.atomic():
        locked = DeskRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status == DeskRequest.Status.RESOLVED:
            raise DeskError("resolved")
        message = Message.objects.create(request=locked, author=acting_user, body=body.strip(),
                                         from_expert=from_expert, created_at=now)
        _attach(message, checked)
        _after_reply(locked, from_expert=from_expert, message=message, now=now)
    request.refresh_from_db()
    return message


def _after_reply(request, *, from_expert, message, now):
    if from_expert:
        request.status = DeskRequest.Status.ANSWERED
        if request.first_responded_at is None:
            request.first_responded_at = now
            _sla_answered(request, now=now)
        _sms(request, "answered", f"answered:{message.pk}")
    else:
        request.status = DeskRequest.Status.RECEIVED
    request.save(update_fields=["status", "first_responded_at"])


def _sla_answered(request: DeskRequest, *, now) -> None:
    """The request's e-service transaction completes with the experts' first answer, in the
    answer's database transaction. Requests filed before they were recorded pending have a
    completed row already: deciding it again with the same outcome changes nothing."""
    try:
        complete_transaction(service=request.request_type.eservice_code,
                             reference=request.reference, outcome="completed",
                             completed_at=now, now=now, survey_at=None)
    except SlaError as error:
        if error.code != "not_found":
            raise
        # A request that never went through desk_request_submit (loaded or made in the
        # admin) has no transaction to complete; the answer must not fail for it.
        logger.warning("Desk request %s has no SLA transaction to complete", request.reference)


@transaction.atomic
def desk_request_resolve(*, request: DeskRequest, acting_user, note: str = "",
                         now: datetime | None = None) -> DeskRequest:
    """Resolve the request; a closing `note`, when given, is first sent to the pilgrim as
    the expert's last message, in the same transaction."""
    now = now or timezone.now()
    if not staff_may_handle(user=acting_user, request=request):
        raise DeskError("not_your_team")
    if note.strip():
        desk_reply_add(request=request, acting_user=acting_user, body=note, now=now)
    locked = DeskRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status == DeskRequest.Status.RESOLVED:
        raise DeskError("resolved")
    locked.status = DeskRequest.Status.RESOLVED
    locked.resolved_at = now
    if locked.first_responded_at is None:  # resolved without a reply: that is the answer
        locked.first_responded_at = now
        _sla_answered(locked, now=now)
    locked.save(update_fields=["status", "resolved_at", "first_responded_at"])
    _sms(locked, "resolved", "resolved")
    survey_offer_now(service=locked.request_type.eservice_code, reference=locked.reference,
                     now=now)
    return locked


@transaction.atomic
def desk_request_close_as_duplicate(*, request: DeskRequest, survivor, acting_user,
                                    now: datetime | None = None) -> DeskRequest:
    """Resolve a request the help desk merged into `survivor` (casework.links): its pilgrim
    gets one SMS naming the request to follow, not the usual "resolved" one."""
    now = now or timezone.now()
    if not staff_may_handle(user=acting_user, request=request):
        raise DeskError("not_your_team")
    locked = DeskRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status == DeskRequest.Status.RESOLVED:
        raise DeskError("resolved")
    locked.status = DeskRequest.Status.RESOLVED
    locked.resolved_at = now
    if locked.first_responded_at is None:
        locked.first_responded_at = now
        _sla_answered(locked, now=now)
    locked.save(update_fields=["status", "resolved_at", "first_responded_at"])
    _sms(locked, "duplicate", "duplicate", context={"survivor": survivor.reference})
    return locked


# The permissions an expert team's group needs to work its queue in the admin.
TEAM_PERMISSIONS = ["view_deskrequest", "change_deskrequest", "view_message", "add_message",
                    "view_attachment"]


@transaction.atomic
def expert_team_grant_permissions(*, team) -> None:
    team.group.permissions.add(*Permission.objects.filter(
        content_type__app_label="servicedesk", codename__in=TEAM_PERMISSIONS))


# --- Public transaction inquiry -------------------------------------------------------------

def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def _matches(request: DeskRequest, secret: str) -> bool:
    secret = secret.strip().upper().replace(" ", "")
    if secret and secrets.compare_digest(secret, request.filed_id_number.upper()):
        return True
    # A phone typed locally (05...) or internationally (+9665..., 009665...) matches.
    typed = _digits(secret).lstrip("0")
    return len(typed) >= 8 and _digits(request.filed_mobile).endswith(typed)


def transaction_inquire(*, reference: str, identity_or_phone: str, ip: str,
                        now: datetime | None = None) -> DeskRequest:
    """The request behind a reference, for anyone holding its identity number or phone.

    A wrong identity and an unknown reference get the same error, so the answer never tells
    whether a reference exists. Failures make the client address wait longer and longer
    (servicedesk/limits.py); the reference itself is never locked.
    """
    now = now or timezone.now()
    _inquiry_wait_checked(ip=ip, now=now)
    reference = reference.strip().upper()
    request = DeskRequest.objects.filter(reference=reference).first()
    if request is None or not _matches(request, identity_or_phone):
        limits.failure_record(ip=ip, now=now.timestamp())
        raise DeskError("inquiry_not_found")
    _inquiry_count(now=now)
    return request


def reference_inquire(*, reference: str, identity_or_phone: str, ip: str,
                      now: datetime | None = None) -> references.Description:
    """The state and next step of whatever a reference names (a permit, a contract, a
    complaint, a desk request, a transfer match: portal.references), in the active language,
    for anyone holding the identity number or mobile it was filed with (an owner's own, or
    their current confirmed mobile). Guarded exactly as transaction_inquire: a wrong pair
    answers as an unknown reference, and only the guesser's address waits."""
    now = now or timezone.now()
    _inquiry_wait_checked(ip=ip, now=now)
    found = references.reference_find(reference)
    if found is None or not _holds(found, identity_or_phone):
        limits.failure_record(ip=ip, now=now.timestamp())
        raise DeskError("inquiry_not_found")
    _inquiry_count(now=now)
    return found.describe_in(translation.get_language() or settings.LANGUAGE_CODE)


def _holds(found: references.Reference, secret: str) -> bool:
    profiles = [profile for profile in map(profile_for_user, found.owners) if profile]
    return references.matches_identity_or_phone(
        found, secret, id_numbers=[profile.id_number for profile in profiles],
        mobiles=[str(profile.mobile) for profile in profiles])


def _inquiry_wait_checked(*, ip: str, now: datetime) -> None:
    wait = limits.seconds_to_wait(ip=ip, now=now.timestamp())
    if wait is None:
        raise DeskError("inquiry_unavailable")
    if wait:
        raise DeskError("inquiry_rate_limited", minutes=math.ceil(wait / 60))


def _inquiry_count(*, now: datetime) -> None:
    with transaction.atomic():
        # No reference: inquiries repeat, and each one counts.
        record_transaction(service="inquiry", channel="online", started_at=now,
                           completed_at=now, outcome="completed", now=now)


# --- Deadlines that sweep themselves --------------------------------------------------------

def _binding_deadline():
    """The deadline a request is held to now: the first response until it is given, then
    the resolution (the same rule as DeskRequest.next_deadline)."""
    return Case(When(first_responded_at__isnull=True, then=F("first_response_due")),
                default=F("resolution_due"), output_field=DateTimeField())


def desk_requests_escalate_overdue(*, now: datetime | None = None) -> int:
    """The beat's sweep: each open request whose deadline was missed by the next step's time
    climbs one level of the escalation chain (EscalationStep), once per level.

    Through portal.sweeps: sweepers split the backlog, each request in a transaction of its
    own, locked and re-checked, so a request answered meanwhile, or already moved up by
    another sweeper, is left as it is.
    """
    now = now or timezone.now()
    steps = list(EscalationStep.objects.order_by("level"))
    if not steps:
        return 0
    # The step after a level is the first step above it: a request at a level between the
    # previous step and this one is due once its deadline is `after_hours` behind.
    due, below = Q(), 0
    for step in steps:
        due |= Q(escalation_level__gte=below, escalation_level__lt=step.level,
                 deadline__lt=now - timedelta(hours=step.after_hours))
        below = step.level
    queryset = (DeskRequest.objects.exclude(status=DeskRequest.Status.RESOLVED)
                .annotate(deadline=_binding_deadline()).filter(due).order_by("deadline"))
    return sweep_due(name="servicedesk.escalate_overdue", due=queryset,
                     process=partial(_escalate_overdue_one, now=now))


def _next_step(level: int) -> EscalationStep | None:
    return EscalationStep.objects.filter(level__gt=level).order_by("level").first()


def _escalate_overdue_one(pk, *, now) -> bool:
    request = (DeskRequest.objects.select_for_update(skip_locked=True, of=("self",))
               .select_related("team", "user__profile").filter(pk=pk)
               .exclude(status=DeskRequest.Status.RESOLVED).first())
    if request is None:
        return False
    step = _next_step(request.escalation_level)
    deadline = request.next_deadline
    if step is None or deadline is None or deadline >= now - timedelta(hours=step.after_hours):
        return False  # answered, resolved or moved up meanwhile: not due any more
    _climb(request, step, now=now)
    return True


def _climb(request: DeskRequest, step: EscalationStep, *, now, acting_user=None,
           reason: str = "") -> Escalation:
    """One level up the chain, for the sweep and for staff's "Escalate now" alike (the
    request locked by the caller): the Escalation row (once per level), the new holder (a
    team lead through the help desk's assignment), the pilgrim's SMS, the holder's e-mail."""
    expected_by = working_days.add_working_days(
        start=now, days=step.answer_within_working_days,
        calendar=working_days.working_calendar())
    lead = None
    if step.holder == EscalationStep.Holder.SECOND_LINE:
        team, request.escalated_team = step.team, step.team
    else:
        team, lead = request.team, request.team.lead
    request.escalation_level, request.expected_by = step.level, expected_by
    request.save(update_fields=["escalation_level", "escalated_team", "expected_by"])
    if lead is not None and lead.pk != request.assigned_to_id:
        # The escalation's own e-mail tells the lead; the assignment's would repeat it.
        assignment_record(request, agent=lead, acting_user=acting_user, now=now, notify=False,
                          reason=reason or str(_("Escalated to the team lead")))
    escalation = Escalation.objects.create(
        request=request, level=step.level, step=step, missed_deadline=request.next_deadline_kind,
        deadline_at=request.next_deadline, team=team, escalated_at=now, expected_by=expected_by,
        assigned_to=lead, escalated_by=acting_user, reason=reason.strip())
    _sms_with_date(request, "delayed", f"escalated:{step.level}", when=expected_by)
    transaction.on_commit(partial(_mail_escalated, escalation.pk))
    return escalation


def desk_request_escalate_now(*, request: DeskRequest, acting_user, reason: str,
                              now: datetime | None = None) -> Escalation:
    """Staff's "Escalate now": one level up the same chain the deadline sweep climbs, by the
    request's agent or its team's lead (or an administrator), with the reason."""
    now = now or timezone.now()
    if not reason.strip():
        raise DeskError("reason_required")
    with transaction.atomic(), acting(acting_user):
        locked = (DeskRequest.objects.select_for_update(of=("self",))
                  .select_related("team", "escalated_team", "user__profile")
                  .filter(pk=request.pk).first())
        if locked.status == DeskRequest.Status.RESOLVED:
            raise DeskError("resolved")
        if not _may_escalate(acting_user, locked):
            raise DeskError("not_yours_to_escalate")
        step = _next_step(locked.escalation_level)
        if step is None:
            raise DeskError("top_of_chain")
        escalation = _climb(locked, step, now=now, acting_user=acting_user, reason=reason)
    request.refresh_from_db()
    return escalation


def _may_escalate(user, request: DeskRequest) -> bool:
    return (request.assigned_to_id == user.pk or desk_request_supervised_by(user, request)
            or roles.is_ministry_admin(user))


ESCALATION_MAIL = (_("Desk request %(reference)s is overdue and escalated to you"),
                   _("Desk request %(reference)s (%(subject)s) missed its deadline "
                     "(%(deadline)s, %(deadline_at)s) and is now at escalation level "
                     "%(level)s. The pilgrim was told to expect a reply by %(expected_by)s. "
                     "Open it in the admin's desk requests."))


def _mail_escalated(escalation_pk: int) -> None:
    """The staff notice, after the commit: to the lead it went to; else (a second-line step,
    or a team with no lead set) to the team that holds it, at its address, else its members."""
    escalation = Escalation.objects.select_related("request", "team__group",
                                                   "assigned_to").get(pk=escalation_pk)
    if escalation.assigned_to is not None:
        recipients = [escalation.assigned_to.email] if escalation.assigned_to.email else []
    elif escalation.team.email:
        recipients = [escalation.team.email]
    else:
        recipients = list(escalation.team.group.user_set.filter(is_active=True)
                          .exclude(email="").values_list("email", flat=True))
    request = escalation.request
    context = {"reference": request.reference, "subject": request.subject,
               "deadline": escalation.get_missed_deadline_display(),
               "deadline_at": format_dual(escalation.deadline_at),
               "level": escalation.level, "expected_by": format_dual(escalation.expected_by)}
    subject, body = ESCALATION_MAIL
    mail_staff(str(subject) % context, str(body) % context, recipients)


# --- A request type's change (portal.rule_changes) ---------------------------------------


def request_type_change_apply(*, rule: RequestType, previous: RequestType, acting_user,
                              reason: str) -> None:
    """Save an edited request type (portal.rule_changes: in its transaction and audit
    context). The requests filed from now on get its targets; a request already filed keeps
    the deadlines it copied when filed (the filing SMS told the pilgrim the reply's date), so
    nobody is told anything."""
    rule.save()
