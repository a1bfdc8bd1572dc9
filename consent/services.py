"""Writes for consent. The interface other apps use (keyword-only, explicit `now`):

Invitations (the owning app registered its purpose in consent.hooks first):
- invite(acting_user=, id_type=, id_number=, mobile=, purpose=, object_id=, seats=1,
  expires_by=None, now=None) -> Invitation; invite_all(acting_user=, invitees=, purpose=,
  object_id=, expires_by=None, now=None) -> list, one seat each
      Inside the caller's transaction, right after the object it invites to is written (the
      seats already held by the caller). The answer never depends on who the number is: the
      invitation is matched to an account only when identity AND mobile are that account's,
      and only then is an SMS sent. A matched person who granted the inviter a standing
      consent gets no SMS: the caller runs accept_standing() once its transaction committed.
- accept_standing(invitations=, now=None): accept, for each invited person who granted a
  standing consent, as if they had pressed Accept (their eligibility checked, a refusal sent
  to them). Each in its own transaction: call it outside any.
- accept(invitation=, acting_user=, details=None, now=None) -> Invitation: the invited account
  accepts. The purpose's on_accept adds them (with `details`, the cleaned data of the
  purpose's details_form, when it has one); a DomainError it raises turns into status
  "refused" (seats released, the reason sent by SMS to the companion), returned with
  `.refusal` set, not raised, so the release commits.
- decline(invitation=, acting_user=, now=None); lapse_due(now=None) -> int (the beat sweep; a second
  run releases nothing twice); withdraw(purpose=, object_id=, now=None) -> int (the owner
  dropped the object, and with it the held seats: no on_release).
  A decline, a refusal and a lapse each tell the inviter by SMS that the place is released,
  naming the companion only as typed (masked number, mobile); a refusal reads as a decline.

Dependants and standing consents:
- dependant_add(acting_user=, id_type=, id_number=, full_name=, gender=, date_of_birth=, relation=,
  document=, now=None) -> Dependant; dependant_remove(dependant=, acting_user=);
  dependant_review(dependant=, acting_user=, decision="confirmed"|"rejected", reason="",
  now=None); dependants_review_for_profile(profile=) (conflicts with an account holder).
- consent_grant(acting_user=, id_type=, id_number=, now=None) -> StandingConsent;
  consent_revoke(consent=, acting_user=, now=None).

Errors are consent.errors.ConsentError.
"""

import logging
from datetime import timedelta
from functools import partial

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.identity import normalize_identity_number, validate_identity_number
from accounts.masking import mask_identity_number
from accounts.models import PilgrimProfile
from accounts.selectors import display_name
from notifications.services import sms_queue
from portal.calendars import lazy_dual_datetime
from portal.errors import DomainError
from portal.sweeps import sweep_due
from portal.uploads import sniff_content_type

from . import hooks
from .errors import ConsentError
from .models import Dependant, Invitation, Policy, StandingConsent

logger = logging.getLogger(__name__)

SMS = {
    "invited": _("%(inviter)s asks you to join: %(what)s. Accept or decline before "
                 "%(until)s: %(link)s"),
    "refused": _("You could not join %(what)s: %(reason)s"),
    "dependant_confirmed": _("%(name)s is confirmed as your dependant on the portal."),
    "dependant_rejected": _("%(name)s was not confirmed as your dependant: %(reason)s"),
    # To the inviter, naming the companion only as they typed them (the number masked); a
    # refusal for the companion's own eligibility reads as a decline.
    "released_declined": _("The companion you invited (%(number)s, %(mobile)s) did not join "
                           "%(what)s: the place held for them is released."),
    "released_lapsed": _("The companion you invited (%(number)s, %(mobile)s) did not answer "
                         "in time for %(what)s: the place held for them is released."),
}

# Every state of the e-service and the SMS that tells it (README: "Every stage told";
# tests/test_every_stage_is_told.py). None only with the reason beside it.
STAGES = {
    Invitation: {
        Invitation.Status.PENDING: "invited",
        # The invitee's own act on the page; the inviter sees the companion on the booking.
        Invitation.Status.ACCEPTED: None,
        Invitation.Status.DECLINED: "released_declined",
        Invitation.Status.LAPSED: "released_lapsed",
        Invitation.Status.REFUSED: "refused",
        # The object went first (the booking cancelled): its own message tells the owner,
        # and the invitee was never on it.
        Invitation.Status.WITHDRAWN: None,
    },
    Dependant: {
        # Declared by the owner on the page, which shows it pending.
        Dependant.Status.PENDING: None,
        Dependant.Status.CONFIRMED: "dependant_confirmed",
        Dependant.Status.REJECTED: "dependant_rejected",
        # Shown to the owner as pending (Dependant.OWNER_STATUS): staff review is internal.
        Dependant.Status.IN_REVIEW: None,
    },
}


def policy_get() -> Policy:
    return Policy.objects.order_by("pk").first() or Policy.objects.create()


# --- Identity as typed ----------------------------------------------------------------------

def identity_clean(id_type: str, id_number: str) -> str:
    """The number normalised and checked for its format only (never looked up)."""
    number = normalize_identity_number(id_type, id_number)
    try:
        validate_identity_number(id_type, number)
    except ValidationError as exc:
        raise ConsentError("invalid_identity", number=number) from exc
    return number


def mobile_clean(mobile: str) -> str:
    try:
        parsed = phonenumbers.parse(str(mobile or ""), "SA")
    except phonenumbers.NumberParseException as exc:
        raise ConsentError("invalid_mobile") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ConsentError("invalid_mobile")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _profile(user) -> PilgrimProfile:
    profile = PilgrimProfile.objects.filter(user=user).first()
    if profile is None:
        raise ConsentError("profile_required")
    return profile


# --- Invitations ----------------------------------------------------------------------------

def invite(*, acting_user, id_type, id_number, mobile, purpose, object_id, seats=1,
           expires_by=None, now=None) -> Invitation:
    if not connection.in_atomic_block:
        raise RuntimeError("invite() runs inside the transaction that holds the seats.")
    now = now or timezone.now()
    handlers = hooks.handlers(purpose)
    number, mobile = identity_clean(id_type, id_number), mobile_clean(mobile)
    own = _profile(acting_user)
    if (own.id_type, own.id_number) == (id_type, number):
        raise ConsentError("self_invite")
    expires_at = now + timedelta(hours=policy_get().invitation_hours)
    if expires_by is not None:
        expires_at = min(expires_at, expires_by)
    match = (PilgrimProfile.objects.select_related("user")
             .filter(id_type=id_type, id_number=number, mobile=mobile).first())
    invitation = Invitation.objects.create(
        inviter=acting_user, id_type=id_type, id_number=number, mobile=mobile,
        invitee=match.user if match else None, purpose=purpose, object_id=object_id,
        seats=seats, created_at=now, expires_at=expires_at,
        by_standing_consent=(bool(match) and handlers.details_form is None
                             and _standing_consent(match.user, own).exists()))
    if match and not invitation.by_standing_consent:
        _sms_invited(invitation, match, own, handlers)
    return invitation


def invite_all(*, acting_user, invitees, purpose, object_id, expires_by=None,
               now=None) -> list[Invitation]:
    """One invitation per invitee (each with id_type, id_number, mobile), one seat each."""
    return [invite(acting_user=acting_user, id_type=invitee.id_type,
                   id_number=invitee.id_number, mobile=invitee.mobile, purpose=purpose,
                   object_id=object_id, seats=1, expires_by=expires_by, now=now)
            for invitee in invitees]


def _standing_consent(grantor, grantee_profile):
    return StandingConsent.objects.filter(
        grantor=grantor, grantee_id_type=grantee_profile.id_type,
        grantee_id_number=grantee_profile.id_number, revoked_at__isnull=True)


def _sms_invited(invitation, profile, inviter_profile, handlers):
    language = profile.preferred_language or "ar"
    link = settings.SITE_URL + reverse("consent:invitation", args=[invitation.token])
    sms_queue(to=profile.mobile, message=SMS["invited"], language=language,
              context={"inviter": display_name(inviter_profile.user),
                       "what": handlers.describe(invitation, language=language),
                       "until": lazy_dual_datetime(invitation.expires_at),
                       "link": link},
              idempotency_key=f"consent-invitation:{invitation.pk}:invited",
              user=profile.user, about=f"consent-invitation:{invitation.pk}")


def accept_standing(*, invitations, now=None) -> list[Invitation]:
    return [accept(invitation=invitation, acting_user=invitation.invitee, now=now)
            for invitation in invitations
            if invitation.by_standing_consent and invitation.invitee_id]


@transaction.atomic
def accept(*, invitation, acting_user, details=None, now=None) -> Invitation:
    now = now or timezone.now()
    invitation = _open_for(invitation, acting_user, now)
    handlers = hooks.handlers(invitation.purpose)
    extra = {}
    if handlers.details_form is not None:
        if details is None:
            raise ConsentError("details_required")
        extra["details"] = details
    try:
        with transaction.atomic():
            handlers.on_accept(invitation, acting_user=acting_user, now=now, **extra)
    except DomainError as error:
        handlers.on_release(invitation, now=now)
        _decide(invitation, Invitation.Status.REFUSED, now, refusal_code=error.code)
        _sms_refused(invitation, error, handlers)
        _sms_released(invitation, "released_declined", handlers)
        invitation.refusal = error
        return invitation
    _decide(invitation, Invitation.Status.ACCEPTED, now)
    return invitation


@transaction.atomic
def decline(*, invitation, acting_user, now=None) -> Invitation:
    now = now or timezone.now()
    invitation = _open_for(invitation, acting_user, now)
    handlers = hooks.handlers(invitation.purpose)
    handlers.on_release(invitation, now=now)
    _decide(invitation, Invitation.Status.DECLINED, now)
    _sms_released(invitation, "released_declined", handlers)
    return invitation


def decline_refusal(*, invitation, now=None) -> ConsentError | None:
    """Why declining this invitation would be refused now (answered already, or lapsed), for
    the confirmation page; None: it may be declined. decline checks again under its lock."""
    now = now or timezone.now()
    if invitation.status != Invitation.Status.PENDING:
        return ConsentError("closed")
    if invitation.expires_at <= now:
        return ConsentError("expired")
    return None


def _open_for(invitation, user, now) -> Invitation:
    """The invitation locked, if it is this account's and still open."""
    invitation = (Invitation.objects.select_for_update()
                  .filter(pk=invitation.pk, invitee=user).first())
    if invitation is None or user is None:
        raise ConsentError("not_found")
    if invitation.status != Invitation.Status.PENDING:
        raise ConsentError("closed")
    if invitation.expires_at <= now:
        raise ConsentError("expired")  # the sweep releases its seats
    return invitation


def _decide(invitation, status, now, refusal_code=""):
    invitation.status, invitation.decided_at = status, now
    invitation.refusal_code = refusal_code
    invitation.save(update_fields=["status", "decided_at", "refusal_code"])


def _sms_refused(invitation, error, handlers):
    profile = PilgrimProfile.objects.filter(user_id=invitation.invitee_id).first()
    if profile is None:
        return
    language = profile.preferred_language or "ar"
    with translation.override(language):
        reason = str(error.message)
    sms_queue(to=profile.mobile, message=SMS["refused"], language=language,
              context={"what": handlers.describe(invitation, language=language),
                       "reason": reason},
              idempotency_key=f"consent-invitation:{invitation.pk}:refused",
              user=profile.user, about=f"consent-invitation:{invitation.pk}")


def _sms_released(invitation, event, handlers):
    """Tell the inviter the place held for the companion went back. One SMS per
    invitation whatever the outcome (the key), in the inviter's language."""
    profile = PilgrimProfile.objects.filter(user_id=invitation.inviter_id).first()
    if profile is None or not profile.mobile:
        return
    language = profile.preferred_language or "ar"
    sms_queue(to=profile.mobile, message=SMS[event], language=language,
              context={"number": mask_identity_number(invitation.id_number),
                       "mobile": invitation.mobile,
                       "what": handlers.describe(invitation, language=language)},
              idempotency_key=f"consent-invitation:{invitation.pk}:released",
              user=profile.user, about=f"consent-invitation:{invitation.pk}")


def lapse_due(*, now=None) -> int:
    """Beat task: pending invitations past their time lapse and give their seats back.

    Through the portal's one sweep helper (portal/sweeps.py): several beats split the due
    invitations, each is lapsed in its own transaction under its row lock and re-checked
    there, so a second sweep, or a sweep racing an Accept, releases nothing twice.
    """
    now = now or timezone.now()
    due = Invitation.objects.filter(status=Invitation.Status.PENDING, expires_at__lte=now)
    return sweep_due(name="consent.lapse_invitations", due=due.order_by("expires_at", "pk"),
                     process=partial(_lapse_one, now=now))


def _lapse_one(pk, *, now) -> bool:
    invitation = (Invitation.objects.select_for_update(skip_locked=True)
                  .filter(pk=pk, status=Invitation.Status.PENDING, expires_at__lte=now).first())
    if invitation is None:  # answered meanwhile, or being answered right now
        return False
    handlers = hooks.handlers(invitation.purpose)
    handlers.on_release(invitation, now=now)
    _decide(invitation, Invitation.Status.LAPSED, now)
    _sms_released(invitation, "released_lapsed", handlers)
    return True


def withdraw(*, purpose, object_id, now=None) -> int:
    """The object is gone (a booking cancelled): its open invitations close, nothing is
    released (the owner returned every seat itself)."""
    now = now or timezone.now()
    return Invitation.objects.filter(purpose=purpose, object_id=object_id,
                                     status=Invitation.Status.PENDING).update(
        status=Invitation.Status.WITHDRAWN, decided_at=now)


# --- Dependants -----------------------------------------------------------------------------

def document_check(document) -> str:
    """The document's real content type (from its first bytes), or a ConsentError."""
    if document is None:
        raise ConsentError("document_required")
    max_mb = policy_get().document_max_mb
    if document.size > max_mb * 1024 * 1024:
        raise ConsentError("document_too_large", max_mb=max_mb)
    document.seek(0)
    kind = sniff_content_type(document)
    if kind is None:
        raise ConsentError("document_type")
    return kind


@transaction.atomic
def dependant_add(*, acting_user, id_type, id_number, full_name, gender, date_of_birth, relation,
                  document, now=None) -> Dependant:
    """Declare a dependant once, with the document staff check. The answer is the same
    whoever the number belongs to: a conflict (an account holder's number, or another
    account's dependant) is only visible to staff."""
    now = now or timezone.now()
    number = identity_clean(id_type, id_number)
    own = _profile(acting_user)
    if (own.id_type, own.id_number) == (id_type, number):
        raise ConsentError("dependant_is_you")
    kind = document_check(document)
    dependant = Dependant(owner=acting_user, id_type=id_type, id_number=number,
                          full_name=full_name.strip(), gender=gender,
                          date_of_birth=date_of_birth, relation=relation, document_type=kind,
                          created_at=now)
    dependant.document.save("document", document, save=False)
    try:
        with transaction.atomic():
            dependant.save()
    except IntegrityError as exc:
        raise ConsentError("dependant_exists") from exc
    _review_conflicts(id_type, number)
    return dependant


def _review_conflicts(id_type, number) -> int:
    """Every live claim on an identity that is an account holder's, or claimed by two
    accounts, goes to staff review. Serialised per identity, so two accounts claiming it at
    once both see the other."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))",
                       [f"consent:identity:{id_type}:{number}"])
    claims = Dependant.objects.filter(id_type=id_type, id_number=number,
                                      status__in=Dependant.BOOKABLE)
    holder = PilgrimProfile.objects.filter(id_type=id_type, id_number=number).exists()
    if not holder and claims.values("owner").distinct().count() < 2:
        return 0
    return claims.exclude(status=Dependant.Status.IN_REVIEW).update(
        status=Dependant.Status.IN_REVIEW)


def dependants_review_for_profile(*, profile) -> int:
    """A profile now holds this identity: anyone's dependant with it goes to review."""
    return _review_conflicts(profile.id_type, profile.id_number)


@transaction.atomic
def dependant_remove(*, dependant, acting_user) -> None:
    if dependant.owner_id != acting_user.pk:
        raise ConsentError("not_found")
    dependant.document.delete(save=False)
    dependant.delete()


@transaction.atomic
def dependant_review(*, dependant, acting_user, decision, reason="", now=None) -> Dependant:
    """Staff confirm the relation from the document, or reject it with a reason (also how a
    conflict is resolved in favour of the account holder). The owner gets an SMS."""
    now = now or timezone.now()
    if decision not in (Dependant.Status.CONFIRMED, Dependant.Status.REJECTED):
        raise ValueError(decision)
    if decision == Dependant.Status.REJECTED and not reason.strip():
        raise ConsentError("reason_required")
    dependant = Dependant.objects.select_for_update().get(pk=dependant.pk)
    dependant.status, dependant.reviewed_by, dependant.reviewed_at = decision, acting_user, now
    dependant.review_reason = reason.strip()
    dependant.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_reason"])
    profile = PilgrimProfile.objects.filter(user_id=dependant.owner_id).first()
    if profile is not None:
        sms_queue(to=profile.mobile, message=SMS[f"dependant_{decision}"],
                  context={"name": dependant.full_name, "reason": dependant.review_reason},
                  language=profile.preferred_language or "ar",
                  idempotency_key=f"consent-dependant:{dependant.pk}:{decision}:{now:%s}",
                  user=profile.user, about=f"consent-dependant:{dependant.pk}")
    return dependant


# --- Standing consents ----------------------------------------------------------------------

@transaction.atomic
def consent_grant(*, acting_user, id_type, id_number, now=None) -> StandingConsent:
    now = now or timezone.now()
    number = identity_clean(id_type, id_number)
    own = _profile(acting_user)
    if (own.id_type, own.id_number) == (id_type, number):
        raise ConsentError("dependant_is_you")
    try:
        with transaction.atomic():
            return StandingConsent.objects.create(grantor=acting_user, grantee_id_type=id_type,
                                                  grantee_id_number=number, granted_at=now)
    except IntegrityError as exc:
        raise ConsentError("consent_exists") from exc


@transaction.atomic
def consent_revoke(*, consent, acting_user, now=None) -> StandingConsent:
    now = now or timezone.now()
    consent = (StandingConsent.objects.select_for_update()
               .filter(Q(pk=consent.pk), grantor=acting_user, revoked_at__isnull=True).first())
    if consent is None:
        raise ConsentError("not_found")
    consent.revoked_at = now
    consent.save(update_fields=["revoked_at"])
    return consent
