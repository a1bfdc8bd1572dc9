"""Announced maintenance windows: what the availability probe excuses and what pilgrims see."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from portal import selectors, services
from portal.models import MaintenanceWindow

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def announce(starts, hours=2, **kwargs):
    return services.maintenance_window_announce(
        starts_at=starts, ends_at=starts + timedelta(hours=hours),
        messages={"en": "Upgrade", "ar": "تحديث"}, **kwargs,
    )


def test_maintenance_is_active_only_between_start_and_end():
    window = announce(NOW - timedelta(hours=1))
    assert selectors.maintenance_active(now=NOW) == window
    assert selectors.maintenance_active(now=NOW - timedelta(hours=2)) is None
    assert selectors.maintenance_active(now=NOW + timedelta(hours=1)) is None  # end excluded


def test_an_unannounced_window_excuses_nothing_and_is_not_shown():
    window = announce(NOW - timedelta(hours=1))
    MaintenanceWindow.objects.filter(pk=window.pk).update(is_announced=False)
    assert selectors.maintenance_active(now=NOW) is None
    assert list(selectors.maintenance_announced(now=NOW)) == []


def test_a_window_for_some_services_is_active_for_them_only():
    window = announce(NOW - timedelta(hours=1), service_codes=["umrah"])
    assert selectors.maintenance_active(now=NOW, service_code="umrah") == window
    assert selectors.maintenance_active(now=NOW, service_code="rawdah_men") is None


def test_a_portal_wide_window_is_active_for_every_service():
    window = announce(NOW - timedelta(hours=1))
    assert selectors.maintenance_active(now=NOW, service_code="rawdah_men") == window


def test_announced_lists_current_and_future_windows_soonest_first():
    later = announce(NOW + timedelta(days=2))
    current = announce(NOW - timedelta(minutes=30))
    announce(NOW - timedelta(days=3))
    assert list(selectors.maintenance_announced(now=NOW)) == [current, later]
    assert len(selectors.maintenance_past(now=NOW)) == 1


def test_a_window_must_end_after_it_starts():
    with pytest.raises(ValidationError):
        announce(NOW, hours=0)
