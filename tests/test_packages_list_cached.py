"""A warm package list reads no package row: the list is kept per language, packages version
and a stamp of what is live in it (the rows, their places left, their providers' ratings),
so that a sale, a new rating or a season taken off shows on the very next page."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from packages.models import Package, Season
from sla.services import rollup_refresh
from tests.factories.packages import PackageFactory
from tests.factories.sla import SurveyFactory, TransactionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _http(plain_http):
    pass


def page(client, url="/packages/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def test_a_warm_list_reads_one_light_query_and_no_ratings(client):
    PackageFactory(name="Kept package")
    page(client)

    text, reads = page(client)

    assert "Kept package" in text
    assert len(reads) == 1 and "packages_package_translation" not in reads[0]
    assert not [sql for sql in reads if "sla_dailyrollup" in sql]


def test_a_sale_made_by_a_queryset_update_shows_at_once(client):
    package = PackageFactory(places_total=40)
    page(client)
    Package.objects.filter(pk=package.pk).update(places_sold=39)

    text, _reads = page(client)

    assert re.search(r"<td[^>]*>1</td>", text)  # one place left


def test_a_new_rating_shows_at_once(client):
    package = PackageFactory()
    before, _reads = page(client)
    now = timezone.now()
    for rating in (5, 2):
        tx = TransactionFactory(service_code="hajj_package", provider=package.provider,
                                started_at=now - timedelta(minutes=5))
        SurveyFactory(transaction=tx, rating=rating)
    rollup_refresh(now=now)

    after, _reads = page(client)

    assert "Not yet rated" in before
    assert "50.0% satisfied" in after


def test_a_season_taken_off_hides_its_packages_at_once(client):
    package = PackageFactory(name="Season's package")
    page(client)
    Season.objects.filter(pk=package.season_id).update(is_published=False)

    text, _reads = page(client)

    assert "Season's package" not in text
