"""Demo world: the 1448 season published and the four 2024 package categories, at their
published prices (VAT included), from several providers. Idempotent (natural keys)."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from . import versions
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


def demo_load():
    Season.objects.filter(year=1448).update(is_published=True)
    for licence, legal, arabic, english, city in PROVIDERS:
        provider = _provider(licence, legal, arabic, english)
        for category, price, name_en, name_ar, distance in CATEGORIES:
            _package(provider, category, price, name_en, name_ar, distance, city)


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


def _package(provider, category, price, name_en, name_ar, distance, city):
    package = Package.objects.filter(provider=provider, season_id=1448, category=category).first()
    if package is not None and package.current_version_id:
        return package  # approved: it changes only by a version the ministry approves
    if package is None:
        package = Package(provider=provider, season_id=1448, category=category)
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
        versions.package_version_first(package=package, acting_user=None, now=timezone.now())
    return package
