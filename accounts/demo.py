"""Demo users, one per role, for `python manage.py load_demo_data` (idempotent).

Every demo user has a verified e-mail address and the password DEMO_PASSWORD. Staff must use
MFA, so demo staff share one *known* TOTP secret, DEMO_TOTP_SECRET (printed with the
logins): a newcomer types it into any authenticator app once and can then sign in as any
demo staff member. It is demo data only: never load it into a real database.

The pilgrims have complete profiles with valid-check-digit national IDs; the provider staff
member works for the demo provider company, which packages' own demo data may extend.
"""

import datetime
from typing import NamedTuple

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from . import roles
from .identity import saudi_id_with_check_digit
from .models import PilgrimProfile, StaffProfile, User
from .services import profile_save, staff_assign_provider, user_add_role

DEMO_PASSWORD = "Pilgrim-Demo-2026"
DEMO_TOTP_SECRET = "HAJJPORTALDEMOTOTPSECRETKEY23456"
DEMO_PROVIDER_LICENCE = "DEMO-PROVIDER-001"

PILGRIMS = [
    # (email, first, last, national ID's first nine digits, gender, nationality, language)
    ("pilgrim@demo.hajj.example", "Ahmad", "Al-Harbi", "100000001",
     PilgrimProfile.Gender.MALE, "SA", "ar"),
    ("pilgrim.female@demo.hajj.example", "Fatimah", "Al-Zahrani", "100000002",
     PilgrimProfile.Gender.FEMALE, "SA", "en"),
]
STAFF = [
    (roles.PROVIDER_STAFF, "provider@demo.hajj.example", "Khalid", "Al-Otaibi"),
    (roles.CARE_AGENT, "agent@demo.hajj.example", "Sara", "Al-Qahtani"),
    (roles.MONITOR, "monitor@demo.hajj.example", "Omar", "Al-Ghamdi"),
    (roles.MINISTRY_ADMIN, "admin@demo.hajj.example", "Noura", "Al-Shehri"),
    (roles.HELP_DESK_LEAD, "lead@demo.hajj.example", "Huda", "Al-Dosari"),
]


def _user(email, first_name, last_name, *, is_staff=False, is_superuser=False):
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"username": email.split("@")[0], "first_name": first_name,
                  "last_name": last_name, "is_staff": is_staff, "is_superuser": is_superuser},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _load_pilgrim(email, first, last, nine_digits, gender, nationality, language):
    user = _user(email, first, last)
    user_add_role(user=user, role=roles.PILGRIM)
    if not PilgrimProfile.objects.filter(user=user).exists():
        profile_save(user=user, acting_user=user, data={
            "full_name": f"{first} {last}", "id_type": PilgrimProfile.IdType.NATIONAL_ID,
            "id_number": saudi_id_with_check_digit(nine_digits), "nationality": nationality,
            "gender": gender, "date_of_birth": datetime.date(1980, 1, 15),
            "mobile": f"+9665000000{nine_digits[-2:]}", "preferred_language": language,
        })


def _load_staff(role, email, first, last, provider):
    # The ministry administrator is a superuser, so a newcomer can see every admin screen.
    user = _user(email, first, last, is_staff=True,
                 is_superuser=role == roles.MINISTRY_ADMIN)
    user_add_role(user=user, role=role)
    staff_assign_provider(user=user, provider=provider if role == roles.PROVIDER_STAFF else None)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)


def demo_load():
    # The provider company model through the staff profile's own link (packages sits above
    # accounts, so accounts does not import it).
    provider_model = StaffProfile._meta.get_field("provider").related_model
    provider, _created = provider_model.objects.get_or_create(
        licence_number=DEMO_PROVIDER_LICENCE,
        defaults={"name": "Al-Safwa Hajj Services (demo)"},
    )
    for row in PILGRIMS:
        _load_pilgrim(*row)
    for role, email, first, last in STAFF:
        _load_staff(role, email, first, last, provider)


class DemoLogin(NamedTuple):
    role: str
    email: str
    password: str
    totp_secret: str  # "" for pilgrims, who sign in without a second factor


def demo_logins() -> list[DemoLogin]:
    """The logins printed for the newcomer, role labels in the active language. The TOTP
    secret is a field of its own, never inside a translated label: a right-to-left label
    would wrap it in direction marks that a terminal copies along with it."""
    logins = [DemoLogin(str(roles.ROLE_LABELS[roles.PILGRIM]), email, DEMO_PASSWORD, "")
              for email, *_rest in PILGRIMS]
    for role, email, _first, _last in STAFF:
        logins.append(DemoLogin(str(roles.ROLE_LABELS[role]), email, DEMO_PASSWORD,
                                DEMO_TOTP_SECRET))
    return logins
