"""Pilgrims see each package's provider rating (the satisfaction share the SLA app shows on
the provider's scorecard) with a link to that scorecard, and may ask for a minimum."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sla.services import rollup_refresh
from tests.factories.packages import PackageFactory
from tests.factories.sla import SurveyFactory, TransactionFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/packages/"


@pytest.fixture(autouse=True)
def _http(plain_http):
    pass


def rate(provider, *ratings, now):
    for rating in ratings:
        tx = TransactionFactory(service_code="hajj_package", provider=provider,
                                started_at=now - timedelta(minutes=5))
        SurveyFactory(transaction=tx, rating=rating)


@pytest.fixture
def packages():
    """A package of a provider rated 50% and one of a provider not yet rated."""
    now = timezone.now()
    rated, unrated = PackageFactory(), PackageFactory()
    rate(rated.provider, 5, 2, now=now)
    rollup_refresh(now=now)
    return rated, unrated


def test_the_list_shows_each_rating_linked_to_the_providers_scorecard(client, packages):
    rated, unrated = packages
    page = client.get("/packages/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Provider rating" in page
    assert "50.0% satisfied" in page
    assert "Not yet rated" in page
    for package in packages:
        assert f'href="/sla/providers/{package.provider_id}/"' in page
    scorecard = client.get(f"/sla/providers/{rated.provider_id}/",
                           HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "50.0%" in scorecard  # the same figure the list shows


def test_the_compare_page_shows_the_ratings_too(client, packages):
    rated, unrated = packages
    page = client.get(f"/packages/compare/?ids={rated.pk}&ids={unrated.pk}",
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "50.0% satisfied" in page and "Not yet rated" in page
    assert f'href="/sla/providers/{rated.provider_id}/"' in page


def test_the_pages_render_the_ratings_in_arabic(client, packages):
    rated, unrated = packages
    for url in ("/packages/", f"/packages/compare/?ids={rated.pk}&ids={unrated.pk}"):
        assert client.get(url).status_code == 200


def test_a_minimum_rating_hides_packages_below_it_and_those_not_yet_rated(client, packages):
    rated, unrated = packages
    page = client.get("/packages/", {"min_rating": "40"},
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert str(rated) in page and str(unrated) not in page
    page = client.get("/packages/", {"min_rating": "60"},
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert str(rated) not in page and "No published package matches." in page
    page = client.get("/packages/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert str(rated) in page and str(unrated) in page


def test_the_api_exposes_the_rating_and_the_scorecard_link(client, packages):
    rated, unrated = packages
    body = {p["id"]: p for p in client.get(API).json()}
    assert body[rated.pk]["provider_rating"] == "50.00"
    assert body[rated.pk]["provider_scorecard_url"] == f"/sla/providers/{rated.provider_id}/"
    assert body[unrated.pk]["provider_rating"] is None
    detail = client.get(f"{API}{rated.pk}/").json()
    assert detail["provider_rating"] == "50.00"


def test_the_api_filters_by_minimum_rating(client, packages):
    rated, _unrated = packages
    assert [p["id"] for p in client.get(API, {"min_rating": "50"}).json()] == [rated.pk]
    assert client.get(API, {"min_rating": "50.01"}).json() == []
    assert client.get(API, {"min_rating": "101"}).status_code == 400


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    return len(captured)


def test_ratings_cost_the_same_queries_however_many_providers_are_listed(client, packages):
    # Counted cold (nothing kept: the page keeps its rows and ratings until they change).
    cache.clear()
    few_page, few_api = queries(client, "/packages/"), queries(client, API)
    now = timezone.now()
    for _ in range(3):
        rate(PackageFactory().provider, 4, now=now)
    rollup_refresh(now=now)
    cache.clear()
    assert queries(client, "/packages/") == few_page
    assert queries(client, API) == few_api
