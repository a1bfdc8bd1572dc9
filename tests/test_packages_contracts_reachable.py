"""A signed-in pilgrim reaches "My Hajj contracts" (refund timeline, cancel, payments,
exemptions) from the menu, the dashboard and the package pages, in every language."""

import pytest
from django.urls import reverse

from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.complaints import NOW
from tests.factories.packages import PackageFactory, ordered_contract, seeded_season

pytestmark = pytest.mark.django_db

TITLES = {"ar": "عقود الحج الخاصة بي", "en": "My Hajj contracts"}


def page(client, url, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def contracts_link(html):
    return html.count(f'href="{reverse("packages:contract_list")}"')


@pytest.fixture
def package():
    seeded_season(1445)
    return PackageFactory()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_menu_links_to_the_contracts_on_every_page(client, package, language):
    client.force_login(PilgrimFactory())
    for url in (reverse("portal:home"), reverse("packages:list"),
                reverse("packages:detail", args=[package.pk])):
        html = page(client, url, language)
        assert 'data-nav="contracts"' in html, url
        assert TITLES[language] in html, url


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_package_pages_link_to_the_contracts(client, package, language):
    client.force_login(PilgrimFactory())
    for url in (reverse("packages:list"), reverse("packages:detail", args=[package.pk])):
        html = page(client, url, language)
        assert 'id="contracts-link"' in html, url
        assert contracts_link(html) == 2, url  # the menu's and the page's own


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_dashboard_lists_the_contracts_and_links_to_them(client, package, language):
    pilgrim = PilgrimFactory()
    contract = ordered_contract(pilgrim=pilgrim, package=package, now=NOW)
    client.force_login(pilgrim)
    html = page(client, reverse("portal:dashboard"), language)
    assert 'id="contracts-panel"' in html and 'id="contracts-panel-link"' in html
    assert contract.reference in html
    assert reverse("packages:contract_detail", args=[contract.pk]) in html
    assert TITLES[language] in html


def test_a_pilgrim_without_a_contract_is_pointed_to_the_packages(client):
    client.force_login(PilgrimFactory())
    html = page(client, reverse("portal:dashboard"), "en")
    assert "You have no contract yet." in html and reverse("packages:list") in html


def test_a_visitor_and_staff_see_no_contracts_link(client, package):
    html = page(client, reverse("packages:detail", args=[package.pk]), "en")
    assert contracts_link(html) == 0
    client.force_login(StaffUserFactory())
    html = page(client, reverse("portal:home"), "en")
    assert 'data-nav="contracts"' not in html
