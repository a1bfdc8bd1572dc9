"""Writes for accounts: profiles, roles, staff assignments."""

import pghistory
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from . import roles
from .errors import AccountsError
from .identity import normalize_identity_number
from .models import PilgrimProfile, StaffProfile, User

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
