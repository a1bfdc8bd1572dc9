"""Demo slots for `load_demo_data`: templates per service and a fortnight of slots (idempotent)."""

from datetime import time, timedelta

from django.utils import timezone

from .dates import local_date
from .models import PermitService, SlotTemplate
from .services import slots_generate

TEMPLATES = [
    # service, name, first start, last start, length, every, capacity
    ("rawdah_men", "Men, afternoon", time(12, 0), time(18, 50), 10, 10, 120),
    ("rawdah_women", "Women, morning", time(6, 0), time(10, 50), 10, 10, 120),
    ("umrah", "Umrah, every two hours", time(0, 0), time(22, 0), 120, 120, 2000),
]


def demo_load(*, now=None):
    today = local_date(now or timezone.now())
    for code, name, first, last, length, every, capacity in TEMPLATES:
        service = PermitService.objects.filter(code=code).first()
        if service is None:
            continue
        template, _created = SlotTemplate.objects.get_or_create(
            service=service, name=name,
            defaults={"first_start": first, "last_start": last, "duration_minutes": length,
                      "interval_minutes": every, "capacity": capacity})
        slots_generate(template=template, start=today + timedelta(days=1),
                       end=today + timedelta(days=14))
