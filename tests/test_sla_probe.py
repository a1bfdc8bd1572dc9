"""Every minute a probe records, per service, whether it worked; announced maintenance is
reported apart from outages, and a minute without the database is remembered as an outage."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from portal.models import EService
from portal.services import maintenance_window_announce, worker_heartbeat_record
from sla.metrics import figures_by_service
from sla.models import Probe, ProbeStatus
from sla.rollups import riyadh_day
from sla.services import probe_record, rollup_refresh

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 21, 9, 15, 42, tzinfo=UTC)
ALL_OK = {"database": True, "redis": True, "worker": True}


def statuses(minute):
    return dict(Probe.objects.filter(minute=minute).values_list("service__code", "status"))


def test_a_healthy_minute_finds_every_open_service_working():
    probe_record(now=NOW, checks=ALL_OK)
    assert set(statuses(NOW.replace(second=0)).values()) == {ProbeStatus.UP}
    assert Probe.objects.count() == EService.objects.count()


def test_probing_the_same_minute_twice_records_it_once():
    probe_record(now=NOW, checks=ALL_OK)
    probe_record(now=NOW + timedelta(seconds=10), checks=ALL_OK)
    assert Probe.objects.count() == EService.objects.count()


def test_no_worker_is_an_outage():
    probe_record(now=NOW, checks={**ALL_OK, "worker": False})
    assert statuses(NOW.replace(second=0))["umrah"] == ProbeStatus.DOWN


def test_the_real_checks_run_when_none_are_given():
    worker_heartbeat_record(now=timezone.now())
    probe_record()
    assert set(Probe.objects.values_list("status", flat=True)) == {ProbeStatus.UP}


def test_announced_maintenance_is_reported_apart_and_excluded_from_availability():
    maintenance_window_announce(starts_at=NOW - timedelta(minutes=1),
                                ends_at=NOW + timedelta(minutes=30),
                                messages={"en": "Upgrade"}, service_codes=["umrah"])
    probe_record(now=NOW, checks={**ALL_OK, "worker": False})
    probe_record(now=NOW - timedelta(minutes=5), checks=ALL_OK)
    minute = NOW.replace(second=0)
    assert statuses(minute)["umrah"] == ProbeStatus.MAINTENANCE
    assert statuses(minute)["hajj"] == ProbeStatus.DOWN
    rollup_refresh(now=NOW)
    figures = figures_by_service(first_day=riyadh_day(NOW), last_day=riyadh_day(NOW))
    umrah = EService.objects.get(code="umrah").pk
    assert (figures[umrah].up, figures[umrah].down, figures[umrah].maintenance) == (1, 0, 1)
    assert figures[umrah].availability == 100


def test_a_minute_without_the_database_is_written_as_an_outage_by_the_next_probe():
    probe_record(now=NOW, checks={**ALL_OK, "database": False})
    assert not Probe.objects.exists()
    probe_record(now=NOW + timedelta(minutes=1), checks=ALL_OK)
    assert statuses(NOW.replace(second=0))["umrah"] == ProbeStatus.DOWN
    assert statuses(NOW.replace(second=0) + timedelta(minutes=1))["umrah"] == ProbeStatus.UP
