"""Providers, packages and contracts. Seasons 1445 and 1448 come from the data migration.

    ProviderFactory()                         with all four mandatory contact channels
    ProviderFactory(channels=["mobile"])      only those kinds
    PackageFactory()                          published, 1448, with the three service rows,
                                              its version 1 approved and on sale
    season_on_sale(now)                       a published season whose sales are open on
                                              `now` (1448 while they last, else the next
                                              ones opened from it): for code that reads the
                                              real clock, so the test passes on any day
    PackageFactory(season=season_on_sale(now))
    package_on_sale_today(**fields)           PackageFactory in season_on_sale(the real
                                              clock): for the API and pages, which order
                                              against the wall clock
    season_of(day)                            the season of the Hijri year of `day`, with
                                              every app's rules, opened from 1448 if later
    PackageFactory(services=[], status="draft")
    ordered_contract(pilgrim=..., package=..., now=...)   through the real service
    companion(pilgrim)                        a confirmed dependant of theirs, as a companion
    invitee(user)                             a companion invited by identity and mobile
"""

import datetime
import importlib
from decimal import Decimal

import factory
from django.apps import apps
from django.db import transaction
from django.utils import timezone

from packages import services, versions
from packages.models import Package, Provider, ProviderChannel, Season, ServiceLevel

_SEED = importlib.import_module("packages.migrations.0003_seed_seasons")


def seeded_season(year=1448, *, published=True):
    """The season as the data migration seeds it (transactional tests flush the tables, so
    this seeds it again when needed); published by default so pilgrims can see it."""
    if not Season.objects.filter(year=year).exists():
        launch = (6, 1) if year == 1448 else (6, 14)
        _SEED.seed_season(apps, year, published=published, launch=launch)
    Season.objects.filter(year=year).update(is_published=published)
    return Season.objects.get(year=year)

def season_of(day, *, year=1448):
    """The season of `day`'s Hijri year (at least `year`, seeded): the later ones are opened
    from it as staff open one each year (services.season_open_next), copying every app's
    rules of it, such as the permit services' rules, which apply by Hijri year."""
    from portal.calendars import to_hijri

    season = seeded_season(year)
    while season.year < to_hijri(day).year:
        later = Season.objects.filter(year=season.year + 1).first()
        season = later or services.season_open_next(season=season, acting_user=None)
    return season


def season_on_sale(now, *, year=1448):
    """A published season on sale on `now`'s Riyadh day, built from the seeded `year`.

    A view or task that reads the real clock decides against today's date, so a test of it
    cannot rely on 1448 being on sale the day the suite runs. While 1448's sales are open
    this is 1448; after that the next seasons are opened from it the way staff open one
    each year (services.season_open_next) until one's sales are still open, and that
    season's track opens at the latest a week before `now` (a test orders contracts a few
    days back; between two real tracks nothing would be on sale)."""
    from packages.selectors import sales_close_on
    from portal.calendars import local_date, to_hijri

    today = local_date(now)
    season = seeded_season(year)
    while sales_close_on(season) <= today:
        later = Season.objects.filter(year=season.year + 1).first()
        season = later or services.season_open_next(season=season, acting_user=None)
    opens = str(to_hijri(today - datetime.timedelta(days=7)))
    Season.objects.filter(pk=season.pk, track_opens__gt=opens).update(track_opens=opens)
    Season.objects.filter(pk=season.pk).update(is_published=True)
    season.refresh_from_db()
    return season


def package_on_sale_today(**fields):
    """A package of the season on sale on the real clock's day: the API's and the pages'
    orders are dated by the wall clock, which the suite does not choose."""
    return PackageFactory(season=season_on_sale(timezone.now()), **fields)


ALL_CHANNELS = ["mobile", "email", "phone", "whatsapp"]
CHANNEL_VALUES = {"mobile": "+966500000001", "email": "care@provider.example",
                  "phone": "+966112345678", "whatsapp": "+966500000002"}


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Hajj Services Company {n}")
    licence_number = factory.Sequence(lambda n: f"LIC-{n:05d}")
    office_site = "mina"
    _current_language = "en"
    display_name = factory.LazyAttribute(lambda p: p.name)
    office_location = "Mina, street 204, gate 3"

    @factory.post_generation
    def channels(obj, create, extracted, **kwargs):
        if not create:
            return
        for kind in ALL_CHANNELS if extracted is None else extracted:
            ProviderChannel.objects.create(provider=obj, kind=kind, value=CHANNEL_VALUES[kind])


class PackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Package
        skip_postgeneration_save = True

    provider = factory.SubFactory(ProviderFactory)
    season = factory.LazyFunction(seeded_season)
    category = Package.Category.MINA_TENTS
    price = Decimal("8092.55")
    places_total = 100
    camp_site = "mina"
    camp_code = factory.Sequence(lambda n: f"Mina 4/{n}")
    distance_to_jamarat_m = 1500
    departure_city = "riyadh"
    status = Package.Status.PUBLISHED
    _current_language = "en"
    name = factory.Sequence(lambda n: f"Mina tents package {n}")
    description = "Tents in Mina with air conditioning."
    camp_location = "Mina, zone 4"
    assembly_points = "Riyadh, King Fahd stadium"

    @factory.post_generation
    def services(obj, create, extracted, **kwargs):
        if not create:
            return
        for service in ServiceLevel.REQUIRED if extracted is None else extracted:
            ServiceLevel.objects.create(
                package=obj, service=service, description=f"{service} as contracted",
                time_frame="8-13 Dhu al-Hijjah", how_requested="Camp supervisor",
                how_delivered="In the camp",
            )

    @factory.post_generation
    def approved_version(obj, create, extracted, **kwargs):
        """A package on sale (or withdrawn from it) was approved: its version 1 is on sale."""
        if create and obj.status in (Package.Status.PUBLISHED, Package.Status.WITHDRAWN):
            with transaction.atomic():
                versions.package_version_first(package=obj, acting_user=None,
                                               now=timezone.now())


DEPENDANT_FIELDS = ("full_name", "id_type", "id_number", "gender", "date_of_birth",
                    "relation", "status")


def companion(owner, **overrides):
    """A companion of `owner` for contract_order: one of their dependants, confirmed by staff
    (a valid national ID by default), with what the owner states of the document. Overrides
    name the dependant's fields (full_name, id_number, date_of_birth, status...) or the
    row's (identity_expires_on, nationality, last_hajj_year, is_mahram)."""
    from tests.factories.consent import DependantFactory

    fields = {"gender": "female", "relation": "wife", "date_of_birth": datetime.date(1990, 1, 1)}
    fields.update({k: v for k, v in overrides.items() if k in DEPENDANT_FIELDS})
    dependant = DependantFactory(owner=owner, **fields)
    row = {"dependant": dependant.pk, "identity_expires_on": datetime.date(2030, 1, 1),
           "nationality": "SA", "last_hajj_year": None, "is_mahram": False}
    row.update({k: v for k, v in overrides.items() if k not in DEPENDANT_FIELDS})
    return row


def invitee(user, mobile=None):
    """A companion invited by identity number and mobile (the user's own, unless given)."""
    profile = user.profile
    return {"id_type": profile.id_type, "id_number": profile.id_number,
            "mobile": mobile or str(profile.mobile)}


def ordered_contract(*, pilgrim, package, now, companions=(), payment_plan="full"):
    return services.contract_order(
        acting_user=pilgrim, package=package,
        holder={"identity_expires_on": datetime.date(2030, 1, 1)},
        companions=list(companions), acknowledged_channels=True, payment_plan=payment_plan,
        now=now,
    )


def paid_contract(*, now, pilgrim=None, price=Decimal("10000.00"), companions=()):
    """A contract paid in full through the local fake gateway (the payment_gateway fixture),
    so its Hajj permit is requested as paying requests it."""
    from tests.factories.accounts import PilgrimFactory

    package = PackageFactory(price=price, season=season_on_sale(now))  # 1448 at NOW
    contract = ordered_contract(pilgrim=pilgrim or PilgrimFactory(), now=now,
                                package=package, companions=companions)
    return services.contract_pay(contract=contract, card_token="tok_ok", now=now)


def submitted_change(package, *, now, staff=None, rows=None, **fields):
    """A change to an approved package as its provider's staff make it: proposed (a draft
    copied from the version on sale), edited, submitted to the ministry. `rows(queryset)`
    edits the draft's service-levels table; `fields` set the draft's fields (and English
    texts)."""
    from accounts import roles
    from tests.factories.accounts import StaffUserFactory

    staff = staff or StaffUserFactory(role=roles.PROVIDER_STAFF, provider=package.provider)
    with transaction.atomic():
        draft = versions.package_change_propose(package=package, acting_user=staff, now=now)
        draft.set_current_language("en")
        for name, value in fields.items():
            setattr(draft, name, value)
        versions.package_version_save(version=draft, acting_user=staff)
        if rows is not None:
            rows(draft.service_levels.all())
    return versions.package_version_submit(version=draft, acting_user=staff, now=now)


def ministry_user():
    from accounts import roles
    from tests.factories.accounts import StaffUserFactory

    return StaffUserFactory(role=roles.MINISTRY_ADMIN)
