"""The shell's demo data loads twice without changing anything the second time."""

from datetime import UTC, datetime

import pytest

from portal.demo import demo_load
from portal.models import MaintenanceWindow, SupportChannel

pytestmark = pytest.mark.django_db


def test_demo_load_is_idempotent():
    now = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    demo_load(now=now)
    counts = (SupportChannel.objects.count(), MaintenanceWindow.objects.count())
    demo_load(now=now)
    assert (SupportChannel.objects.count(), MaintenanceWindow.objects.count()) == counts
    assert SupportChannel.objects.filter(kind="care_centre", value="920002814").exists()
    window = MaintenanceWindow.objects.get()
    assert window.is_announced and window.starts_at > now
