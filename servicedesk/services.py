"""Writes of the service desk: filing, answering, replying, resolving.

Every state change is here, inside one transaction, with its SMS queued in that same
transaction (notifications.sms_queue) so nothing is announced that then rolls back.
"""

import math
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles
from notifications.services import sms_queue
from portal.uploads import sniff_content_type
from sla.services import transaction_record as record_transaction

from . import limits
from .errors import DeskError
from .models import Attachment, DeskRequest, Message, RequestType, Topic

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

SMS = {
    "filed": _("Your request %(reference)s is received. Follow it with this number and your "
               "identity number on the portal."),
    "answered": _("An expert answered your request %(reference)s on the portal."),
    "resolved": _("Your request %(reference)s is resolved."),
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


def _sms(request: DeskRequest, key: str, step: str):
    profile = request.user.profile
    sms_queue(to=profile.mobile, message=SMS[key], context={"reference": request.reference},
              language=profile.preferred_language, user=request.user, about=request,
              idempotency_key=f"servicedesk:{request.reference}:{step}")


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
        _sms(request, "filed", "filed")
        record_transaction(service=request_type.eservice_code, channel="online",
                           started_at=now, outcome="completed", completed_at=now,
                           reference=request.reference, user=acting_user, now=now)
    return request


def _insert_request(*, user, profile, request_type, topic, subject, now) -> DeskRequest:
    fields = dict(
        user=user, request_type=request_type, topic=topic, team=topic.team, subject=subject,
        filed_id_number=profile.id_number, filed_mobile=str(profile.mobile),
        fee=request_type.fee, created_at=now,
        first_response_due=now + timedelta(hours=request_type.first_response_hours),
        resolution_due=now + timedelta(hours=request_type.resolution_hours),
    )
    for _attempt in range(5):  # 32^8 references: a clash is rare, retried in a savepoint
        try:
            with transaction.atomic():
                return DeskRequest.objects.create(reference=_new_reference(), **fields)
        except IntegrityError:
            continue
    raise IntegrityError("could not allocate a desk reference")


def staff_may_handle(*, user, request: DeskRequest) -> bool:
    """Members of the request's team; ministry administrators and superusers oversee all."""
    if user.is_superuser or roles.user_has_role(user, roles.MINISTRY_ADMIN):
        return True
    return user.groups.filter(pk=request.team.group_id).exists()


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
        _sms(request, "answered", f"answered:{message.pk}")
    else:
        request.status = DeskRequest.Status.RECEIVED
    request.save(update_fields=["status", "first_responded_at"])


@transaction.atomic
def desk_request_resolve(*, request: DeskRequest, acting_user, now: datetime | None = None
                         ) -> DeskRequest:
    now = now or timezone.now()
    if not staff_may_handle(user=acting_user, request=request):
        raise DeskError("not_your_team")
    locked = DeskRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status == DeskRequest.Status.RESOLVED:
        raise DeskError("resolved")
    locked.status = DeskRequest.Status.RESOLVED
    locked.resolved_at = now
    locked.first_responded_at = locked.first_responded_at or now
    locked.save(update_fields=["status", "resolved_at", "first_responded_at"])
    _sms(locked, "resolved", "resolved")
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
    wait = limits.seconds_to_wait(ip=ip, now=now.timestamp())
    if wait is None:
        raise DeskError("inquiry_unavailable")
    if wait:
        raise DeskError("inquiry_rate_limited", minutes=math.ceil(wait / 60))
    reference = reference.strip().upper()
    request = DeskRequest.objects.filter(reference=reference).first()
    if request is None or not _matches(request, identity_or_phone):
        limits.failure_record(ip=ip, now=now.timestamp())
        raise DeskError("inquiry_not_found")
    with transaction.atomic():
        # No reference: inquiries repeat, and each one counts.
        record_transaction(service="inquiry", channel="online", started_at=now,
                           completed_at=now, outcome="completed", now=now)
    return request
