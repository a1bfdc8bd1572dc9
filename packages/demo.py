"""Demo world: the season of the demo's day published and the four 2024 package categories,
at their published prices (VAT included), from several providers. Idempotent (natural keys).

The demo follows the clock: its season is the first whose sales are still open on the day it
loads (1448 from the data migration while that lasts); once every season has passed, the
ministry's own yearly step opens the next (services.season_open_next, then season_publish by
the demo ministry administrator), so `make run` shows a bookable track on any date.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import is_ministry_admin
from portal import calendars

from . import selectors, services, versions
from .models import Package, Provider, ProviderChannel, Season, ServiceLevel

PROVIDERS = [
    ("LIC-DEMO-001", "Al-Bayt Hajj Services Co.", "شركة البيت لخدمات الحجاج",
     "Al-Bayt Hajj Services", "riyadh"),
    ("LIC-DEMO-002", "Mashaer Pilgrims Establishment", "مؤسسة المشاعر لخدمة الحجاج",
     "Mashaer Pilgrims", "jeddah"),
    ("LIC-DEMO-003", "Safa Hajj Company", "شركة الصفا للحج", "Safa Hajj", "dammam"),
]
CATEGORIES = [
    (Package.Category.ECONOMIC, Decimal("3984.75"), "Economic (no Mina tent)",
     "اقتصادية (بدون خيام منى)", None),
    (Package.Category.MINA_TENTS, Decimal("8092.55"), "Mina tents", "خيام منى", 2500),
    (Package.Category.UPGRADED_MINA_TENTS, Decimal("10366.10"), "Upgraded Mina tents",
     "خيام منى المطورة", 1200),
    (Package.Category.MINA_TOWERS, Decimal("13150.25"), "Mina towers", "أبراج منى", 600),
]
SERVICES = [
    ("accommodation", "Air-conditioned camp with beds and blankets", "8-13 Dhu al-Hijjah",
     "Camp supervisor, 24 h", "In the camp"),
    ("catering", "Three meals a day and a Muzdalifah meal", "Announced meal windows",
     "Automatic", "Served in the camp"),
    ("transport", "Buses from the assembly point and between the holy sites", "Per timetable",
     "Assembly point", "Air-conditioned buses"),
]


# accounts.demo's ministry administrator publishes the seasons the demo opens.
DEMO_MINISTRY_ADMIN = "admin@demo.hajj.example"
DEMO_HISTORY = timedelta(days=7)


def demo_season(*, now=None) -> Season:
    """The season the demo sells on `now`'s Riyadh day, opened and published if need be.

    The first season whose sales close after today; when none does, the next seasons are
    opened from the latest one (each a year on, by its own calendars) until one does. The
    track of that season opens at the latest a week before today: between two Hajj tracks
    the real portal sells nothing, but the demo is there to be booked, so it brings its
    season's launch forward.
    """
    now = now or timezone.now()
    today = calendars.local_date(now)
    season = next((s for s in Season.objects.order_by("year")
                   if selectors.sales_close_on(s) > today), None)
    admin = User.objects.filter(email=DEMO_MINISTRY_ADMIN).first()
    if season is None:
        season = Season.objects.order_by("-year").first()
        while selectors.sales_close_on(season) <= today:
            season = services.season_open_next(season=season, acting_user=admin)
    # A week back: the demo's own contracts were ordered a few days before the day it loads.
    opens = str(calendars.to_hijri(today - DEMO_HISTORY))
    if season.track_opens > opens:
        Season.objects.filter(pk=season.pk).update(track_opens=opens)
    if not season.is_published:
        if is_ministry_admin(admin):
            services.season_publish(season=season, acting_user=admin)
        else:  # the packages demo alone (its tests): no administrator loaded to publish it
            Season.objects.filter(pk=season.pk).update(is_published=True)
    season.refresh_from_db()
    return season


def demo_load(*, now=None):
    season = demo_season(now=now)
    for licence, legal, arabic, english, city in PROVIDERS:
        provider = _provider(licence, legal, arabic, english)
        for category, price, name_en, name_ar, distance in CATEGORIES:
            _package(provider, category, price, name_en, name_ar, distance, city,
                     season=season, now=now)


def _provider(licence, legal, arabic, english):
    provider, _created = Provider.objects.update_or_create(
        licence_number=licence, defaults={"name": legal, "office_site": "mina"})
    for language, name, office in (("en", english, "Mina, main street, gate 2"),
                                   ("ar", arabic, "منى، الشارع الرئيسي، البوابة 2")):
        provider.set_current_language(language)
        provider.display_name = name
        provider.office_location = office
    provider.save()
    for kind, value in (("mobile", "+966500000101"), ("email", f"care@{licence.lower()}.example"),
                        ("phone", "+966112000101"), ("whatsapp", "+966500000102")):
        ProviderChannel.objects.update_or_create(provider=provider, kind=kind,
                                                 defaults={"value": value})
    return provider


def _package(provider, category, price, name_en, name_ar, distance, city, *, season,
             now=None):
    package = Package.objects.filter(provider=provider, season=season, category=category).first()
    if package is not None and package.current_version_id:
        return package  # approved: it changes only by a version the ministry approves
    if package is None:
        package = Package(provider=provider, season=season, category=category)
    package.price = price
    package.places_total = max(package.places_total or 0, 200)
    package.departure_city = city
    package.camp_site = "mina" if distance else "arafat"
    package.camp_code = f"{provider.licence_number[-3:]}/{category[:3].upper()}"
    package.distance_to_jamarat_m = distance
    package.status = Package.Status.PUBLISHED
    for language, name in (("en", name_en), ("ar", name_ar)):
        package.set_current_language(language)
        package.name = f"{name} – {provider.safe_translation_getter('display_name', language)}"
        package.description = name
    package.save()
    for position, (service, description, frame, requested, delivered) in enumerate(SERVICES):
        ServiceLevel.objects.update_or_create(
            package=package, service=service,
            defaults={"position": position, "description": description, "time_frame": frame,
                      "how_requested": requested, "how_delivered": delivered})
    with transaction.atomic():
        versions.package_version_first(package=package, acting_user=None,
                                       now=now or timezone.now())
    return package
