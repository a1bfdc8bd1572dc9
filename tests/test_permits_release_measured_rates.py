"""The runs bench/rush recorded are loaded by `manage.py record_rush_figures`, each once and a
bad file not at all, and read in the admin by the staff who may add slots, who choose a
release's admission rate."""

import importlib.util
import io
from argparse import Namespace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from accounts import roles
from permits.models import RushMeasurement
from tests.factories.accounts import StaffUserFactory
from tests.factories.permits import rush_line

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

MEASUREMENTS = "/admin/permits/rushmeasurement/"


def staff_client(role=roles.MINISTRY_ADMIN):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(StaffUserFactory(role=role))
    return client


def record(tmp_path, *lines):
    """`manage.py record_rush_figures` on a file of these lines: what it printed."""
    path = tmp_path / "rush.jsonl"
    path.write_text("".join(line + "\n" for line in lines))
    out = io.StringIO()
    call_command("record_rush_figures", str(path), stdout=out)
    return out.getvalue()


# --- The bench's runs, loaded once ----------------------------------------------------------

def test_loading_the_bench_file_again_adds_nothing(tmp_path):
    lines = [rush_line(), rush_line(measured_at="2026-12-07T11:00:00+00:00",
                                    admit_per_second=150, targets_met=False)]

    first = record(tmp_path, *lines)
    again = record(tmp_path, *lines)

    assert "2 new measurement(s), 0 already recorded" in first
    assert "0 new measurement(s), 2 already recorded" in again
    assert RushMeasurement.objects.count() == 2
    newest = RushMeasurement.objects.first()
    assert (newest.host, newest.admit_per_second, newest.targets_met) == ("bench-1", 150, False)
    assert newest.measured_at == datetime(2026, 12, 7, 11, 0, tzinfo=UTC)


@pytest.mark.parametrize(("bad", "said"), [
    ("{not json", "line 2: not JSON"),
    ("[1, 2]", "line 2: not a JSON object"),
    (rush_line(seats_sold=None, errors=None), "line 2: missing errors, seats_sold"),
    (rush_line(admit_per_second="fast"), 'line 2: admit_per_second must be a whole number'),
    (rush_line(targets_met="yes"), "line 2: targets_met must be true or false"),
    (rush_line(errors=-1), "line 2: errors must be a whole number, 0 or more"),
    (rush_line(admit_per_second=0), "line 2: admit_per_second"),
    (rush_line(measured_at="2026-12-07T10:15:02"), "line 2: measured_at has no UTC offset"),
    (rush_line(measured_at="yesterday"), "line 2: measured_at is not an ISO 8601"),
])
def test_a_bad_line_stores_nothing_and_is_named(tmp_path, bad, said):
    lines = [rush_line(), bad, rush_line(measured_at="2026-12-07T12:00:00+00:00")]

    with pytest.raises(CommandError) as refused:
        record(tmp_path, *lines)

    assert said in str(refused.value)
    assert "nothing was recorded" in str(refused.value)
    assert not RushMeasurement.objects.exists()


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("record_rush_figures", str(tmp_path / "none.jsonl"))


def bench_rush():
    """bench/rush/run.py as a module (imported only: nothing is started)."""
    path = Path(settings.BASE_DIR) / "bench" / "rush" / "run.py"
    spec = importlib.util.spec_from_file_location("bench_rush_run", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_what_bench_rush_records_is_what_the_portal_loads(tmp_path):
    bench = bench_rush()
    args = Namespace(admit_per_second=100, pilgrims=5000, seats=500, arrival_seconds=10.0)
    # report()'s figures of a run with the waiting room, then one whose polls were too slow.
    figures = {"seats sold": 500, "oversell": 0, "5xx": 0, "timeouts": 0,
               "connection errors": 0, "polls answered": 9400, "poll p99 ms": 44.0,
               "inversions %": 0.0, "sold-out seen within s": 1.9,
               "booking p99 ms (admitted)": 60.2}
    path = tmp_path / "var" / "bench" / "rush.jsonl"  # made by the bench when missing
    bench.record_append(path, bench.run_record(
        args, figures, gave_up=0, measured_at=datetime(2026, 12, 7, 10, 0, tzinfo=UTC)))
    bench.record_append(path, bench.run_record(
        args, {**figures, "poll p99 ms": 120.0, "timeouts": 2}, gave_up=1,
        measured_at=datetime(2026, 12, 7, 10, 5, tzinfo=UTC)))

    call_command("record_rush_figures", str(path), stdout=io.StringIO())

    slow, met = RushMeasurement.objects.all()
    assert (met.targets_met, met.errors, met.web_cores, met.booking_p99_ms) == (
        True, 0, 1, 60.2)
    assert (slow.targets_met, slow.errors, slow.poll_p99_ms) == (False, 3, 120.0)


# --- The admin: for staff who may add slots ---------------------------------------------------

def test_staff_who_may_add_slots_read_the_measurements_and_change_none(tmp_path):
    record(tmp_path, rush_line())
    client = staff_client()
    measurement = RushMeasurement.objects.get()

    listed = client.get(MEASUREMENTS)
    page = client.get(f"{MEASUREMENTS}{measurement.pk}/change/")

    assert listed.status_code == 200
    assert "bench-1" in listed.content.decode()
    assert f"{MEASUREMENTS}add/" not in listed.content.decode()
    assert "<h1>View rush measurement</h1>" in page.content.decode()
    assert client.post(f"{MEASUREMENTS}{measurement.pk}/delete/", {"post": "yes"}
                       ).status_code == 403
    assert RushMeasurement.objects.count() == 1


def test_staff_who_may_not_add_slots_see_no_measurements(tmp_path):
    record(tmp_path, rush_line())
    monitor = staff_client(role=roles.MONITOR)

    assert monitor.get(MEASUREMENTS).status_code == 403
    assert MEASUREMENTS not in monitor.get("/admin/").content.decode()
    assert MEASUREMENTS in staff_client().get("/admin/").content.decode()


