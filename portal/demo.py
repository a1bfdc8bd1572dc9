"""Demo data for the shell: the ministry's support channels and one announced maintenance
window a week ahead. Idempotent: rows are found by their natural keys and updated."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from .calendars import RIYADH
from .models import MaintenanceWindow, SupportChannel

# Published on the e-SLA (seed 000). The seed's e-mail address is obfuscated in the source,
# so the address below is unverified demo data: staff set the real one in the admin.
CHANNELS = [
    ("care_centre", "920002814", 10,
     {"en": "Care centre (inside and outside the Kingdom)",
      "ar": "مركز العناية (من داخل المملكة وخارجها)",
      "ms": "Pusat khidmat pelanggan (dari dalam dan luar Kerajaan)"},
     {"en": "24 hours a day", "ar": "على مدار الساعة", "ms": "24 jam sehari"}),
    ("phone_outside", "+966 920002814", 20,
     {"en": "From outside the Kingdom", "ar": "من خارج المملكة", "ms": "Dari luar Kerajaan"},
     {"en": "24 hours a day", "ar": "على مدار الساعة", "ms": "24 jam sehari"}),
    ("phone_inside", "1966", 30,
     {"en": "From inside the Kingdom", "ar": "من داخل المملكة", "ms": "Dari dalam Kerajaan"},
     {"en": "24 hours a day", "ar": "على مدار الساعة", "ms": "24 jam sehari"}),
    ("email", "care@haj.gov.sa", 40,
     {"en": "E-mail", "ar": "البريد الإلكتروني", "ms": "E-mel"},
     {"en": "Answered within one working day", "ar": "نرد خلال يوم عمل واحد",
      "ms": "Dijawab dalam satu hari bekerja"}),
    ("web", "https://www.haj.gov.sa/Contact", 50,
     {"en": "Contact form on the ministry's website", "ar": "نموذج التواصل في موقع الوزارة",
      "ms": "Borang hubungan di laman web kementerian"},
     {}),
]

DEMO_MAINTENANCE_MESSAGE = {
    "en": "Planned upgrade of the booking systems. Permits already issued stay valid.",
    "ar": "تحديث مجدول لأنظمة الحجز. تبقى التصاريح الصادرة سارية.",
}


def _demo_channels():
    for kind, value, order, labels, hours in CHANNELS:
        channel, _created = SupportChannel.objects.update_or_create(
            kind=kind, value=value, defaults={"display_order": order, "is_active": True}
        )
        for language, label in labels.items():
            channel.set_current_language(language)
            channel.label = label
            channel.hours = hours.get(language, "")
        channel.save()


def _demo_maintenance(*, now):
    # Early on a Friday a week or so ahead, 01:00-03:00 Makkah time, when traffic is lowest.
    day = (now.astimezone(RIYADH) + timedelta(days=7)).date()
    day += timedelta(days=(4 - day.weekday()) % 7)
    starts = datetime.combine(day, time(1, 0), tzinfo=RIYADH)
    if MaintenanceWindow.objects.filter(is_announced=True, starts_at__gt=now).exists():
        return
    window = MaintenanceWindow(starts_at=starts, ends_at=starts + timedelta(hours=2))
    for language, message in DEMO_MAINTENANCE_MESSAGE.items():
        window.set_current_language(language)
        window.message = message
    window.save()


def demo_load(*, now=None):
    _demo_channels()
    _demo_maintenance(now=now or timezone.now())
