"""Staff choose a release's admission rate from what was measured: the runs bench/rush
recorded (loaded by `manage.py record_rush_figures`, each once, a bad file not at all) whose
every target was met, and the rates past releases sustained, which each release's page and
the API show from its own bookings."""

import importlib.util
import io
from argparse import Namespace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from accounts import roles
from permits import selectors
from permits.models import Booking, RushMeasurement
from tests.factories.accounts import StaffUserFactory
from tests.factories.permits import (
    SlotFactory,
    booking_at,
    release_of,
    release_slots,
    rush_line,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

RELEASES = "/api/v1/permits/releases/"
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


@pytest.fixture
def opening():
    """A release's opening an hour ago, on a whole second (the busiest second is counted on
    the clock's seconds)."""
    return timezone.now().replace(microsecond=0) - timedelta(hours=1)


@pytest.fixture
def sold_release(rawdah_men, opening):
    """A release that opened at `opening` (pre-queue 15 minutes) and sold 5 seats in 3 s:
    3 in its first second (2 + 1), 1 at +1.1 s, 1 at +3.2 s later cancelled. Not counted: a
    booking before its pre-queue opened, and one of a slot that is not the release's."""
    slots = release_slots(rawdah_men, count=2, capacity=50)
    release = release_of(slots, opens_at=opening, prequeue_minutes=15, admit_per_second=100)
    booking_at(slots[0], at=opening - timedelta(minutes=20), seats=4)
    booking_at(slots[0], at=opening + timedelta(seconds=0.2), seats=2)
    booking_at(slots[1], at=opening + timedelta(seconds=0.7), seats=1)
    booking_at(slots[0], at=opening + timedelta(seconds=1.1), seats=1)
    booking_at(slots[1], at=opening + timedelta(seconds=3.2), seats=1,
               status=Booking.Status.CANCELLED)
    other = SlotFactory(service=rawdah_men, starts_at=slots[-1].starts_at + timedelta(hours=1))
    booking_at(other, at=opening + timedelta(seconds=1), seats=3)
    return release


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


# --- What a release sold, from its own bookings ---------------------------------------------

def test_a_release_s_sales_are_its_seats_over_their_span_and_its_busiest_second(
        sold_release, opening):
    sales = selectors.release_sales(sold_release)

    assert sales.seats == 5  # the cancelled booking's seat was sold at its moment
    assert (sales.first_at, sales.last_at) == (opening + timedelta(seconds=0.2),
                                              opening + timedelta(seconds=3.2))
    assert sales.span_seconds == 3.0
    assert sales.per_second == pytest.approx(5 / 3)
    assert sales.busiest_second_seats == 3
    with translation.override("en"):
        assert selectors.release_sales_text(sales) == (
            "5 seats in 3.0 s: 1.7 a second sustained, 3 in the busiest second")
    with translation.override("ar"):
        assert "1,7" in selectors.release_sales_text(sales)  # the Arabic decimal comma


def test_sales_within_one_instant_count_over_one_second(rawdah_men, opening):
    slots = release_slots(rawdah_men, count=1, capacity=50)
    release = release_of(slots, opens_at=opening)
    booking_at(slots[0], at=opening, seats=3)
    booking_at(slots[0], at=opening, seats=4)

    sales = selectors.release_sales(release)

    assert (sales.seats, sales.span_seconds, sales.per_second, sales.busiest_second_seats) == (
        7, 0.0, 7.0, 7)


def test_a_release_that_sold_nothing_has_no_rate(rawdah_men, opening):
    release = release_of(release_slots(rawdah_men, count=1, capacity=5), opens_at=opening)

    sales = selectors.release_sales(release)

    assert (sales.seats, sales.first_at, sales.per_second, sales.busiest_second_seats) == (
        0, None, None, 0)
    with translation.override("en"):
        assert selectors.release_sales_text(sales) == "Nothing booked yet."


# --- The admin: the figures and the rates to choose from -------------------------------------

def test_the_release_page_shows_its_figures_and_offers_the_measured_rates(
        tmp_path, sold_release, opening):
    record(tmp_path,
           rush_line(measured_at="2026-12-07T10:15:02+00:00", admit_per_second=120),
           rush_line(measured_at="2026-12-06T09:00:00+00:00", admit_per_second=100,
                     host="bench-2", booking_p99_ms=81.4),
           rush_line(measured_at="2026-12-05T09:00:00+00:00", admit_per_second=120),
           rush_line(measured_at="2026-12-08T09:00:00+00:00", admit_per_second=200,
                     poll_p99_ms=260.0, targets_met=False))

    page = staff_client().get(f"/admin/permits/release/{sold_release.pk}/change/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Bookings measured" in html
    assert "5 seats in 3.0 s: 1.7 a second sustained, 3 in the busiest second" in html
    assert 'list="id_admit_per_second_measured"' in html
    datalist = html.split('<datalist id="id_admit_per_second_measured">')[1].split(
        "</datalist>")[0]
    options = [line.strip() for line in datalist.strip().splitlines()]
    assert options == [
        '<option value="120">bench/rush 2026-12-07 on bench-1: every target met, '
        "booking p99 60 ms</option>",
        '<option value="100">bench/rush 2026-12-06 on bench-2: every target met, '
        "booking p99 81 ms</option>",
        f'<option value="1">Release of {timezone.localdate(opening).isoformat()} (Rawdah '
        'visit, men): 1.7 a second sustained</option>',
    ]
    assert "bench/rush met every target at 120, 100 a second." in html
    assert "Past releases sustained 1.7 a second." in html


def test_with_nothing_measured_the_form_says_how_to_measure(rawdah_men):
    page = staff_client().get("/admin/permits/release/add/")

    html = page.content.decode()
    assert page.status_code == 200
    assert ("Nothing measured yet: run bench/rush/run.py, then manage.py record_rush_figures, "
            "and the rates it measures are offered here.") in html
    assert "<datalist" not in html


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


# --- The API: each release's sales -----------------------------------------------------------

def test_the_api_gives_each_release_its_sales(sold_release, opening):
    listed = staff_client().get(RELEASES).json()

    assert listed[0]["sales"] == {
        "seats": 5,
        "first_booked_at": (opening + timedelta(seconds=0.2)).astimezone(
            timezone.get_current_timezone()).isoformat(),
        "last_booked_at": (opening + timedelta(seconds=3.2)).astimezone(
            timezone.get_current_timezone()).isoformat(),
        "span_s": 3.0, "sustained_per_second": pytest.approx(5 / 3),
        "busiest_second_seats": 3}


def test_a_new_release_has_sold_nothing(rawdah_men):
    slots = release_slots(rawdah_men, count=1, capacity=5)

    created = staff_client().post(RELEASES, {
        "service": "rawdah_men", "slots": [slots[0].pk], "opens_at": timezone.now().isoformat(),
        "prequeue_minutes": 15, "admit_per_second": 100}, content_type="application/json")

    assert created.status_code == 201, created.content
    assert created.json()["sales"] == {
        "seats": 0, "first_booked_at": None, "last_booked_at": None, "span_s": None,
        "sustained_per_second": None, "busiest_second_seats": 0}


def test_the_release_list_costs_the_same_queries_for_one_release_as_for_three(
        rawdah_men, opening):
    client = staff_client()

    def release_with_a_sale(hour):
        slots = [SlotFactory(service=rawdah_men), SlotFactory(service=rawdah_men)]
        release_of(slots, opens_at=opening + timedelta(hours=hour))
        booking_at(slots[0], at=opening + timedelta(hours=hour), seats=2)

    def statements():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(RELEASES)
        assert response.status_code == 200
        assert [release["sales"]["seats"] for release in response.json()] == [2] * len(
            response.json())
        return len(captured)

    release_with_a_sale(0)
    one = statements()
    release_with_a_sale(1)
    release_with_a_sale(2)

    assert statements() == one
    assert len(client.get(RELEASES).json()) == 3
