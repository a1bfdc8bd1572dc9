"""Every list page costs the same statements with one row as with ten (an N+1 fails here),
and the count is pinned: a new query on a page pilgrims reload all day is a decision, made
by changing the figure below. Counted on a cold cache (the first request after a write),
then warm (the request every pilgrim makes between writes)."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from permits import booking as bookings
from permits.models import ServiceRule
from permits.selectors import rule_cache_clear
from portal.models import EService
from tests.factories.packages import PackageFactory, season_of
from tests.factories.permits import SlotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _http(plain_http):
    pass


def statements(client, url, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en", **extra)
    assert response.status_code == 200, response.content[:300]
    return len(captured)


def cold_and_warm(client, url, **extra):
    cache.clear()
    cold = statements(client, url, **extra)
    return cold, statements(client, url, **extra)


def slots(service, count, *, day_offset=2):
    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    start += timedelta(days=day_offset)
    season_of(start.date())  # the rules of that day's year, whatever the day
    return [SlotFactory(service=service, starts_at=start + timedelta(minutes=10 * i),
                        ends_at=start + timedelta(minutes=10 * i + 10), capacity=5)
            for i in range(count)]


def test_my_permits(client, pilgrim, rawdah_men, django_assert_num_queries):
    # One visit a year is the season's rule; ten permits of one pilgrim need it lifted.
    ServiceRule.objects.filter(service=rawdah_men).update(frequency_days=0)
    rule_cache_clear()
    client.force_login(pilgrim)
    made = slots(rawdah_men, 10)
    bookings.booking_create(acting_user=pilgrim, slot=made[0], instructions_accepted=True)
    one = cold_and_warm(client, "/permits/mine/")
    for day, slot in enumerate(slots(rawdah_men, 9, day_offset=3), start=1):
        bookings.booking_create(acting_user=pilgrim, slot=slot, instructions_accepted=True,
                                idempotency_key=f"day-{day}")

    ten = cold_and_warm(client, "/permits/mine/")

    assert ten == one
    with django_assert_num_queries(WARM["mine"]):
        client.get("/permits/mine/", HTTP_ACCEPT_LANGUAGE="en")


def test_the_slot_list(app_client, pilgrim, rawdah_men, django_assert_num_queries):
    client = app_client(pilgrim)
    made = slots(rawdah_men, 1)
    day = timezone.localtime(made[0].starts_at).date()
    url = f"/api/v1/permits/slots/?service=rawdah_men&date={day}"
    one = cold_and_warm(client, url)
    for i in range(1, 10):
        SlotFactory(service=rawdah_men, starts_at=made[0].starts_at + timedelta(minutes=10 * i),
                    ends_at=made[0].starts_at + timedelta(minutes=10 * i + 10), capacity=5)

    ten = cold_and_warm(client, url)

    assert ten == one
    with django_assert_num_queries(WARM["slots"]):
        client.get(url)


def test_the_package_list(client, django_assert_num_queries):
    PackageFactory()
    one = cold_and_warm(client, "/packages/")
    PackageFactory.create_batch(9)

    ten = cold_and_warm(client, "/packages/")

    assert ten == one
    with django_assert_num_queries(WARM["packages"]):
        client.get("/packages/", HTTP_ACCEPT_LANGUAGE="en")


def test_the_home_page_lists_the_catalogue(client, django_assert_num_queries):
    services = list(EService.objects.order_by("display_order", "code"))
    for service in services[1:]:
        service.is_active = False
        service.save()
    one = cold_and_warm(client, "/")
    for service in services[1:]:
        service.is_active = True
        service.save()

    many = cold_and_warm(client, "/")

    assert len(services) >= 10
    assert many == one
    with django_assert_num_queries(WARM["home"]):
        client.get("/", HTTP_ACCEPT_LANGUAGE="en")


def test_the_public_service_levels(client, django_assert_num_queries):
    statements(client, "/sla/service-levels/")
    with django_assert_num_queries(WARM["service_levels"]):
        client.get("/sla/service-levels/", HTTP_ACCEPT_LANGUAGE="en")


# Mine: the session's user, the profile (read once, by profile_required, and handed to the
# view) and the stamp of what the page shows.
WARM = {"mine": 3, "slots": 3, "packages": 1, "home": 0, "service_levels": 0}
