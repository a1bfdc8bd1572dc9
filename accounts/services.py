"""Writes for accounts: profiles, the confirmed change of a mobile number, roles, staff
assignments."""

import secrets
from datetime import timedelta

import pghistory
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from phonenumber_field.phonenumber import to_python as phone_number

from . import roles, signals
from .errors import AccountsError
from .identity import normalize_identity_number
from .models import MobileChange, PilgrimProfile, StaffProfile, User

PROFILE_FIELDS = ("full_name", "id_type", "id_number", "nationality", "gender",
                  "date_of_birth", "mobile", "preferred_language")


@transaction.atomic
def profile_save(*, user: User, acting_user: User, data: dict) -> PilgrimProfile:
    """Create or update the user's profile from validated `data` (only PROFILE_FIELDS).

    Raises django ValidationError for invalid fields and AccountsError("identity_taken")
    when another account holds the same document (also under a race, via the constraint).
    The audit trail (pghistory) records who made the change.
    """
    profile = PilgrimProfile.objects.filter(user=user).first() or PilgrimProfile(user=user)
    if profile.pk is not None and "mobile" in data and \
            _same_number(data["mobile"], profile.mobile) is False:
        # SMS go to this number: a new one is taken only with the code sent to it.
        raise AccountsError("mobile_needs_code")
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(profile, field, data[field])
    profile.id_number = normalize_identity_number(profile.id_type, profile.id_number)
    profile.full_clean(validate_constraints=False)
    try:
        with transaction.atomic(), pghistory.context(user=acting_user.pk,
                                                     url="accounts.profile_save"):
            profile.save()
    except IntegrityError as exc:
        raise AccountsError("identity_taken") from exc
    return profile


# --- Changing the mobile number: confirmed by a one-time code sent to the new number ------

def _same_number(a, b) -> bool | None:
    """True or False when both parse as phone numbers, None when `a` does not (the field's
    own validation reports it)."""
    first, second = phone_number(a), phone_number(b)
    if first is None or not first.is_valid():
        return None
    return second is not None and first == second


def _code_hash(change: MobileChange, code: str) -> str:
    # Keyed by SECRET_KEY and salted with what the code was sent for: a copy of the table
    # alone does not give the code away, nor fits another user's or number's row.
    return salted_hmac("accounts.mobile_change",
                       f"{change.user_id}:{change.mobile}:{change.sent_at.isoformat()}:{code}",
                       algorithm="sha256").hexdigest()


def _locked_profile(user) -> PilgrimProfile:
    profile = PilgrimProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        raise AccountsError("profile_required")
    profile.user = user  # the receivers of its signals address the SMS to them
    return profile


@transaction.atomic
def mobile_change_start(*, user: User, acting_user: User, mobile, now=None) -> MobileChange:
    """Send a 6-digit code by SMS to the new number `mobile` (a new request replaces the
    code of an earlier one, no sooner than MOBILE_CHANGE_RESEND_SECONDS after it). The
    profile keeps its number until mobile_change_confirm gets the code.

    Raises AccountsError: profile_required, mobile_invalid, mobile_same, mobile_code_wait.
    """
    now = now or timezone.now()
    profile = _locked_profile(user)  # one request at a time per pilgrim
    same = _same_number(mobile, profile.mobile)
    if same is None:
        raise AccountsError("mobile_invalid")
    if same:
        raise AccountsError("mobile_same")
    change = MobileChange.objects.filter(user=user).first() or MobileChange(user=user)
    if change.pk is not None:
        wait = change.sent_at + timedelta(seconds=settings.MOBILE_CHANGE_RESEND_SECONDS) - now
        if wait > timedelta(0):
            raise AccountsError("mobile_code_wait", seconds=int(wait.total_seconds()) + 1)
    code = f"{secrets.randbelow(10 ** 6):06d}"
    change.mobile, change.sent_at, change.attempts = phone_number(mobile), now, 0
    change.expires_at = now + timedelta(minutes=settings.MOBILE_CHANGE_CODE_MINUTES)
    change.code_hash = _code_hash(change, code)
    change.save()
    signals.mobile_code_requested.send(
        sender=MobileChange, user=user, mobile=str(change.mobile), code=code,
        minutes=settings.MOBILE_CHANGE_CODE_MINUTES, language=profile.preferred_language,
        key=f"accounts:mobile-code:{change.pk}:{now.isoformat()}")
    return change


def mobile_change_confirm(*, user: User, acting_user: User, code: str,
                          now=None) -> PilgrimProfile:
    """Take the new number if `code` is the one sent to it: the profile's mobile changes
    (audited with `acting_user`), and the old number is told by SMS. A wrong code counts
    against MOBILE_CHANGE_CODE_ATTEMPTS (the count is kept even though this call raises).

    Raises AccountsError: profile_required, mobile_change_none, mobile_code_expired,
    mobile_code_attempts, mobile_code_wrong.
    """
    now = now or timezone.now()
    with transaction.atomic():
        profile = _locked_profile(user)
        change = MobileChange.objects.select_for_update().filter(user=user).first()
        error = _code_error(change, code, now)
        if error is None:
            _mobile_take(profile, change, acting_user=acting_user, now=now)
        elif error == "mobile_code_wrong":
            change.attempts += 1
            change.save(update_fields=["attempts"])
            if change.attempts >= settings.MOBILE_CHANGE_CODE_ATTEMPTS:
                error = "mobile_code_attempts"
    if error is not None:  # raised after the commit, so the wrong attempt stays counted
        raise AccountsError(error)
    return profile


def _code_error(change, code, now) -> str | None:
    if change is None:
        return "mobile_change_none"
    if change.attempts >= settings.MOBILE_CHANGE_CODE_ATTEMPTS:
        return "mobile_code_attempts"
    if change.expires_at <= now:
        return "mobile_code_expired"
    typed = "".join(ch for ch in str(code or "") if not ch.isspace())[:12]
    if not constant_time_compare(_code_hash(change, typed), change.code_hash):
        return "mobile_code_wrong"
    return None


def _mobile_take(profile, change, *, acting_user, now):
    old_mobile = str(profile.mobile or "")
    profile.mobile = change.mobile
    with pghistory.context(user=acting_user.pk, url="accounts.mobile_change_confirm"):
        profile.save(update_fields=["mobile", "updated_at"])
    change.delete()
    if old_mobile:
        signals.mobile_changed.send(
            sender=PilgrimProfile, user=profile.user, old_mobile=old_mobile,
            new_mobile=str(profile.mobile), language=profile.preferred_language,
            key=f"accounts:mobile-changed:{profile.pk}:{now.isoformat()}")


@transaction.atomic
def user_add_role(*, user: User, role: str) -> None:
    if role not in roles.ROLES:
        raise AccountsError("unknown_role", role=role)
    group, _created = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    if role in roles.STAFF_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


@transaction.atomic
def staff_assign_provider(*, user: User, provider) -> StaffProfile:
    if provider is not None and not roles.user_has_role(user, roles.PROVIDER_STAFF):
        raise AccountsError("not_provider_staff")
    staff, _created = StaffProfile.objects.update_or_create(
        user=user, defaults={"provider": provider}
    )
    return staff
