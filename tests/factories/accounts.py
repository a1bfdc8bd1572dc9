"""Users, pilgrims and staff. Every user has a verified primary e-mail (allauth requires it to
log in) and the password `PASSWORD`; staff have a TOTP authenticator with `STAFF_TOTP_SECRET`
so they pass the admin's MFA requirement (pass `totp=False` to test its absence).

    UserFactory()                                   a bare account, no profile, no role
    PilgrimFactory(gender="female")                 pilgrim group + complete profile
    PilgrimFactory(profile__nationality="ID")       any profile field via profile__<field>
    StaffUserFactory(role=roles.PROVIDER_STAFF)     staff; provider staff get a provider
    StaffUserFactory(role=..., provider=provider)   ... or the one you pass
"""

import datetime

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP

from accounts import roles
from accounts.identity import saudi_id_with_check_digit
from accounts.models import PilgrimProfile, StaffProfile, User
from packages.models import Provider

PASSWORD = "Pilgrim-Demo-2026"
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def add_to_role(user, role):
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get_or_create(name=role)[0])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.update_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class PilgrimProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PilgrimProfile

    user = factory.SubFactory(UserFactory)
    full_name = factory.LazyAttribute(lambda p: f"{p.user.first_name} {p.user.last_name}")
    id_type = PilgrimProfile.IdType.NATIONAL_ID
    id_number = factory.Sequence(lambda n: saudi_id_with_check_digit(f"1{n + 10000000:08d}"))
    nationality = "SA"
    gender = PilgrimProfile.Gender.MALE
    date_of_birth = datetime.date(1985, 3, 14)
    mobile = factory.Sequence(lambda n: f"+9665{n + 10000000:08d}")
    preferred_language = "ar"


class PilgrimFactory(UserFactory):
    """A pilgrim ready to use the e-services: pilgrim group and a complete profile."""

    class Params:
        gender = PilgrimProfile.Gender.MALE

    profile = factory.RelatedFactory(
        PilgrimProfileFactory, factory_related_name="user",
        gender=factory.SelfAttribute("..gender"),
    )

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create:
            add_to_role(obj, roles.PILGRIM)


class StaffUserFactory(UserFactory):
    """Back-office staff in one role (default: ministry administrator), with TOTP."""

    is_staff = True

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create:
            add_to_role(obj, extracted or roles.MINISTRY_ADMIN)

    @factory.post_generation
    def provider(obj, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None and roles.user_has_role(obj, roles.PROVIDER_STAFF):
            extracted = Provider.objects.create(
                name=f"Provider of {obj.username}", licence_number=f"LIC-{obj.username}"
            )
        StaffProfile.objects.create(user=obj, provider=extracted)

    @factory.post_generation
    def totp(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            TOTP.activate(obj, STAFF_TOTP_SECRET)
