"""Demo data for the shell: the ministry's support channels and one announced maintenance
window a week ahead. Idempotent: rows are found by their natural keys and updated."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from .calendars import RIYADH
from .channels import channels_seed
from .models import MaintenanceWindow, SupportChannel

DEMO_MAINTENANCE_MESSAGE = {
    "en": "Planned upgrade of the booking systems. Permits already issued stay valid.",
    "ar": "تحديث مجدول لأنظمة الحجز. تبقى التصاريح الصادرة سارية.",
}


def _demo_channels():
    # The same rows as the data migration (a flushed test database has none).
    channels_seed(SupportChannel, SupportChannel._parler_meta.root_model)


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
