"""The announced meal windows are data per season, a package may have its own, they show
on the package page, and they decide whether a late meal is upheld."""

from datetime import datetime, time, timedelta

import pytest

from complaints import services as complaints
from complaints.errors import ComplaintError
from packages.models import MealWindow
from packages.selectors import meal_verdict, meal_windows
from portal.calendars import RIYADH, from_hijri
from tests.factories.accounts import StaffUserFactory
from tests.factories.complaints import contract_for
from tests.factories.packages import PackageFactory

pytestmark = pytest.mark.django_db

ARAFAT_DAY = from_hijri(1448, 12, 9)
DAY_12 = from_hijri(1448, 12, 12)


@pytest.fixture(autouse=True)
def _http(plain_http):
    pass


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=RIYADH)


def test_the_season_has_the_announced_windows():
    windows = {w.meal: w for w in meal_windows(package=PackageFactory())}
    assert (windows["arafat_lunch"].opens_at, windows["arafat_lunch"].closes_at) == (
        time(13, 30), time(15, 30))
    assert windows["arafat_breakfast"].opens == "after_fajr"
    assert windows["muzdalifah"].closes_at is None
    assert (windows["dinner"].opens_at, windows["dinner"].closes_at) == (time(20, 30),
                                                                          time(23, 30))


@pytest.mark.parametrize(("item", "served", "late"), [
    ("arafat_lunch", at(ARAFAT_DAY, 15, 0), False),
    ("arafat_lunch", at(ARAFAT_DAY, 16, 0), True),
    ("other_meal", at(ARAFAT_DAY, 9, 30), False),     # Arafat breakfast until 10:00
    ("other_meal", at(ARAFAT_DAY, 11, 0), True),
    ("other_meal", at(DAY_12, 22, 0), False),         # dinner until 23:30
    ("other_meal", at(DAY_12, 12, 0), True),          # breakfast, due by 10:00
    ("muzdalifah_meal", at(ARAFAT_DAY, 23, 0), None),  # on arrival: no clock decides
])
def test_the_window_decides_whether_a_meal_was_late(item, served, late):
    verdict = meal_verdict(package=PackageFactory(), item=item, served_at=served)
    assert verdict.late is late


def test_a_packages_own_window_replaces_the_seasons():
    package = PackageFactory()
    MealWindow.objects.create(season_id=package.season_id, package=package, meal="dinner",
                              opens_at=time(19, 0), closes_at=time(21, 0))
    assert meal_verdict(package=package, item="other_meal", served_at=at(DAY_12, 22)).late
    assert not meal_verdict(package=PackageFactory(), item="other_meal",
                            served_at=at(DAY_12, 22)).late


def test_the_package_page_shows_the_windows(client):
    package = PackageFactory()
    page = client.get(f"/packages/{package.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = page[page.index('id="meal-windows"'):]
    assert 'data-meal="arafat_lunch"' in section and "<bdi>13:30</bdi>" in section
    assert "After the Fajr prayer" in section and "on arrival" in section


def escalated_late_lunch(served_at):
    contract = contract_for(now=served_at - timedelta(days=150))
    complaint = complaints.complaint_file(
        acting_user=contract.pilgrim, contract=contract, item="arafat_lunch", failure="late",
        description="Lunch came late.", occurred_at=served_at,
        now=served_at + timedelta(minutes=5))
    return complaints.complaint_escalate(complaint=complaint, acting_user=contract.pilgrim,
                                         reason="No answer.",
                                         now=served_at + timedelta(days=1))


def test_a_lunch_within_its_window_cannot_be_upheld_as_late():
    complaint = escalated_late_lunch(at(ARAFAT_DAY, 15, 0))
    with pytest.raises(ComplaintError) as refused:
        complaints.complaint_decide(complaint=complaint, acting_user=StaffUserFactory(
            role="ministry_admin"), upheld=True, reason="Late.")
    assert refused.value.code == "meal_on_time"
