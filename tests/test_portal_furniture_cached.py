"""The maintenance banner and the care centre in the footer are read once per change, not on
every page: an edit of a window or a channel shows on the next page, and Redis down only
means reading them every time."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.models import MaintenanceWindow, SupportChannel

pytestmark = pytest.mark.django_db

FURNITURE_TABLES = ("portal_maintenancewindow", "portal_supportchannel")


@pytest.fixture(autouse=True)
def _http(plain_http):
    pass


def announce(message, *, starts_in, hours=2):
    starts = timezone.now() + starts_in
    window = MaintenanceWindow(starts_at=starts, ends_at=starts + timedelta(hours=hours))
    window.set_current_language("en")
    window.message = message
    window.save()
    return window


def footer_queries(client):
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    return page, [q["sql"] for q in queries.captured_queries
                  if any(table in q["sql"] for table in FURNITURE_TABLES)]


def test_the_second_page_reads_no_window_nor_channel(client):
    first, first_reads = footer_queries(client)
    second, second_reads = footer_queries(client)

    assert first_reads
    assert second_reads == []
    assert "920002814" in first and "920002814" in second


def test_a_channel_edited_shows_on_the_next_page(client):
    footer_queries(client)
    centre = SupportChannel.objects.get(kind=SupportChannel.Kind.CARE_CENTRE)
    centre.value = "920000000"
    centre.save()

    page, _reads = footer_queries(client)

    assert "920000000" in page and "920002814" not in page


def test_a_window_announced_shows_at_once_and_goes_when_deleted(client):
    footer_queries(client)
    window = announce("Upgrade of the permit system", starts_in=timedelta(hours=1))

    shown, _reads = footer_queries(client)
    window.delete()
    gone, _reads = footer_queries(client)

    assert "Upgrade of the permit system" in shown and "Planned maintenance:" in shown
    assert "Upgrade of the permit system" not in gone


def test_a_window_edited_in_another_language_shows_in_that_language(client):
    window = announce("Upgrade", starts_in=timedelta(hours=1))
    footer_queries(client)
    client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    window.set_current_language("ar")
    window.message = "تحديث نظام التصاريح"
    window.save()

    arabic = client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert "تحديث نظام التصاريح" in arabic


def test_a_window_under_way_reads_in_progress_and_an_ended_one_is_not_shown(client):
    announce("Now", starts_in=timedelta(minutes=-5))
    announce("Over", starts_in=timedelta(hours=-3), hours=1)

    page, _reads = footer_queries(client)

    assert "Maintenance in progress:" in page
    assert "Over" not in page


def test_redis_down_reads_the_database_on_every_page(client, redis_down):
    first, first_reads = footer_queries(client)
    second, second_reads = footer_queries(client)

    assert first.count("920002814") and second.count("920002814")
    assert first_reads and second_reads
