"""Where a pilgrim looks, the two public calculators are linked: the home page, the
e-services list, a package's page and the complaint form."""

import pytest

from tests.factories.accounts import PilgrimFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/e-services/"])
def test_the_home_page_and_the_e_services_list_link_both_calculators(client, url):
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/refunds/calculator/"' in page
    assert 'href="/compensation/calculator/"' in page


def test_the_complaint_form_asks_how_much_would_i_get_back(client):
    client.force_login(PilgrimFactory())
    page = client.get("/complaints/new/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    line = page[page.index('data-calculator="compensation"'):]
    assert 'href="/compensation/calculator/"' in line[:200]
    assert "How much would I get back?" in line[:300]


def test_a_package_page_asks_how_much_would_i_get_back(client):
    from tests.factories.packages import PackageFactory

    package = PackageFactory()
    page = client.get(f"/packages/{package.pk}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    line = page[page.index('data-calculator="refund"'):]
    assert 'href="/refunds/calculator/"' in line[:200]
    assert "كم سأسترد؟" in line[:300]
