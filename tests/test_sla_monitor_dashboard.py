"""Ministry monitors see every service's figures against its targets, judged
green/amber/red, drill down to the transactions behind a figure, and export the table."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from sla.rollups import riyadh_day
from sla.services import rollup_refresh
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.sla import SurveyFactory, TransactionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def monitor_client(client):
    client.force_login(StaffUserFactory(role=roles.MONITOR))
    return client


@pytest.fixture
def figures():
    now = timezone.now()
    # The ten minutes of transactions fall on one Riyadh day: just after midnight they are
    # placed at the end of the day before.
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if now - midnight < timedelta(minutes=15):
        now = midnight - timedelta(minutes=1)
    for minutes in range(10):
        tx = TransactionFactory(service_code="umrah", reference=f"U-{minutes}",
                                started_at=now - timedelta(minutes=minutes + 1))
        SurveyFactory(transaction=tx, rating=5)
    TransactionFactory(service_code="rawdah_women", outcome="abandoned", reference="R-ab",
                       started_at=now - timedelta(minutes=3))
    rollup_refresh(now=now)
    return riyadh_day(now)


def status_of(page, service, column):
    row = page.split(f'data-service="{service}"')[1].split("</tr>")[0]
    return row.split("data-status=")[column].split('"')[1]


def test_pilgrims_and_anonymous_visitors_cannot_see_it(client):
    assert client.get("/sla/monitor/").status_code == 302
    client.force_login(PilgrimFactory())
    assert client.get("/sla/monitor/").status_code == 403
    client.force_login(StaffUserFactory(role=roles.PROVIDER_STAFF))
    assert client.get("/sla/monitor/").status_code == 403


def test_monitors_without_a_second_factor_set_it_up_first(client):
    client.force_login(StaffUserFactory(role=roles.MONITOR, totp=False))
    assert client.get("/sla/monitor/").url == reverse("mfa_activate_totp")


def test_ministry_administrators_see_it_too(client):
    client.force_login(StaffUserFactory(role=roles.MINISTRY_ADMIN))
    assert client.get("/sla/monitor/").status_code == 200


def test_each_figure_is_judged_against_its_target(monitor_client, figures):
    page = monitor_client.get("/sla/monitor/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Service levels monitor" in page
    # umrah: satisfaction 100% >= 93.71 green; completion 100% >= 81 green
    assert status_of(page, "umrah", 1) == "green"
    assert status_of(page, "umrah", 5) == "green"
    # rawdah women: completion 0% against 74% is red; no survey yet
    assert status_of(page, "rawdah_women", 5) == "red"
    assert status_of(page, "rawdah_women", 1) == "none"
    assert 'id="sla-trend-data"' in page and "<script src=" in page


def test_hijri_and_gregorian_dates_of_the_range_are_shown(monitor_client, figures):
    page = monitor_client.get(f"/sla/monitor/?start={figures}&end={figures}",
                              HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert str(figures.year) in page and " AH" in page


def test_a_season_filter_uses_the_hijri_year(monitor_client):
    page = monitor_client.get("/sla/monitor/?year=1445", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert page.context["first_day"].isoformat() == "2023-07-19"


def test_drill_down_lists_the_transactions_behind_a_figure(monitor_client, figures):
    page = monitor_client.get(
        f"/sla/monitor/transactions/?start={figures}&end={figures}&service=rawdah_women"
        "&outcome=abandoned", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # References carry a hyphen, which a CSRF token or nonce never holds.
    assert "R-ab" in page and "U-1" not in page


def test_the_csv_holds_the_table_shown(monitor_client, figures):
    response = monitor_client.get(f"/sla/monitor/export.csv?start={figures}&end={figures}",
                                  HTTP_ACCEPT_LANGUAGE="en")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    umrah = next(row for row in rows if row[2] == "umrah")
    header = rows[0]
    assert umrah[header.index("Satisfaction (actual)")] == "100.00"
    assert umrah[header.index("Transactions (actual)")] == "10"
