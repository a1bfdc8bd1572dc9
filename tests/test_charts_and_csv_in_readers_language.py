"""Chart axes and CSV headers are in the reader's language: the service-levels monitor's
charts take their axis titles from translated data attributes, and its CSV export and a
provider's statement CSV are headed in the active language."""

import csv
import io
import re

import pytest
from django.utils import translation

from accounts import roles
from ledger.exports import statement_csv
from tests.factories.accounts import StaffUserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture
def monitor_client(client):
    client.force_login(StaffUserFactory(role=roles.MONITOR))
    return client


def csv_header(monitor_client, language):
    response = monitor_client.get("/sla/monitor/export.csv", HTTP_ACCEPT_LANGUAGE=language)
    return next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_monitor_csv_is_headed_in_english_for_an_english_reader(monitor_client):
    header = csv_header(monitor_client, "en")

    assert "Satisfaction (target)" in header and "Transactions (actual)" in header


def test_the_monitor_csv_is_headed_in_arabic_for_an_arabic_reader(monitor_client):
    header = csv_header(monitor_client, "ar")

    assert "الرضا (المستهدف)" in header or any(cell.startswith("الرضا") for cell in header)
    assert not [cell for cell in header if LATIN.search(cell)]


@pytest.mark.parametrize(("language", "day", "transactions"), [
    ("en", "Day", "Transactions"),
    ("ar", "اليوم", "المعاملات"),
])
def test_the_chart_axes_are_titled_in_the_readers_language(monitor_client, language, day,
                                                           transactions):
    page = monitor_client.get("/sla/monitor/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert f'data-x-title="{day}"' in page
    assert f'data-y-title="{transactions}"' in page


def test_the_chart_script_reads_its_axis_titles_from_the_data_attributes():
    from django.contrib.staticfiles import finders

    script = open(finders.find("js/sla_charts.js"), encoding="utf-8").read()

    assert 'getAttribute("data-x-title")' in script and 'getAttribute("data-y-title")' in script


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_statement_csv_is_headed_in_the_readers_language(language):
    with translation.override(language):
        header = next(csv.reader(io.StringIO(statement_csv([]))))

    if language == "en":
        assert header[0] == "Posted"
    else:
        assert not [cell for cell in header if LATIN.search(cell)]
