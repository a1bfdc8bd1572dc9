"""The shared parts of the home page and the package list are rendered once per language and
change: an edit shows on the next page, in every language, while what is live (places left)
and what is personal (the sign-in buttons, the CSRF token) is rendered on every request."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import EService
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import PackageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _http(plain_http):
    pass


def page(client, url, language="en"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def test_the_home_page_reads_no_catalogue_once_rendered_and_shows_an_edit_at_once(client):
    page(client, "/")
    _second, reads = page(client, "/")
    service = EService.objects.order_by("display_order", "code").first()
    service.set_current_language("en")
    service.name = "Renamed e-service"
    service.save()

    edited, _reads = page(client, "/")

    assert not [sql for sql in reads if "portal_eservice" in sql]
    assert "Renamed e-service" in edited


def test_each_language_has_its_own_copy(client):
    english, _reads = page(client, "/", "en")
    arabic, _reads = page(client, "/", "ar")

    assert 'lang="ar"' in arabic and "الخدمات الإلكترونية" in arabic
    assert "E-services" in english


def test_the_personal_parts_of_the_home_page_are_not_shared(client):
    anonymous, _reads = page(client, "/")
    client.force_login(PilgrimFactory())
    signed_in, _reads = page(client, "/")

    assert "/accounts/signup/" in anonymous
    assert "/dashboard/" in signed_in


def test_the_package_list_shows_an_edit_at_once_and_places_left_live(client):
    package = PackageFactory(places_total=40)
    first, _reads = page(client, "/packages/")
    package.set_current_language("en")
    package.name = "Renamed package"
    package.save()
    type(package).objects.filter(pk=package.pk).update(places_sold=15)

    second, _reads = page(client, "/packages/")

    assert re.search(r"<td[^>]*>40</td>", first)
    assert "Renamed package" in second
    assert re.search(r"<td[^>]*>25</td>", second)


def test_a_filtered_list_renders_its_own_filters(client):
    PackageFactory(price="5000.00")
    page(client, "/packages/")

    filtered, _reads = page(client, "/packages/?price_max=6000")

    assert 'value="6000"' in filtered


def test_redis_down_renders_the_pages(client, redis_down):
    PackageFactory(name="Package shown without Redis")

    home, _reads = page(client, "/")
    packages, _reads = page(client, "/packages/")

    assert "E-services" in home
    assert "Package shown without Redis" in packages
