"""The pilgrim pages render in Arabic (right to left) and English, and act through services."""

import pytest
from django.utils import translation
from django.utils.html import strip_tags

from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import PackageFactory, package_on_sale_today

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _http(plain_http):
    pass


def test_the_list_compare_and_detail_pages_render_in_both_languages(client):
    package = PackageFactory()
    for language, direction in (("ar", "rtl"), ("en", "ltr")):
        for url in ("/packages/", f"/packages/compare/?ids={package.pk}",
                    f"/packages/{package.pk}/"):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200
            assert f'dir="{direction}"' in response.content.decode()
    page = client.get(f"/packages/{package.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "How it is delivered" in page and "WhatsApp Business" in page


def test_ordering_on_the_page_creates_the_contract_and_shows_the_timeline(client):
    client.force_login(PilgrimFactory())
    package = package_on_sale_today()  # the page orders on the wall clock's day
    response = client.post(f"/packages/{package.pk}/order/", {
        "payment_plan": "full", "identity_expires_on": "2030-01-01",
        "acknowledge_channels": "on", "companions-TOTAL_FORMS": "0",
        "companions-INITIAL_FORMS": "0"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    page = response.content.decode()
    assert f"Contract H{package.season_id}-" in strip_tags(page)  # the reference in its <bdi>
    assert 'id="refund-timeline"' in page
    response = client.post(response.request["PATH_INFO"] + "cancel/",
                           HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "Your booking is cancelled" in response.content.decode()


def test_the_cancellation_message_writes_the_refund_as_the_page_does(client):
    client.force_login(PilgrimFactory())
    package = package_on_sale_today()
    contract = client.post(f"/packages/{package.pk}/order/", {
        "payment_plan": "full", "identity_expires_on": "2030-01-01",
        "acknowledge_channels": "on", "companions-TOTAL_FORMS": "0",
        "companions-INITIAL_FORMS": "0"}, follow=True).request["PATH_INFO"]

    response = client.post(contract + "cancel/", HTTP_ACCEPT_LANGUAGE="ar", follow=True)

    with translation.override("ar"):  # nothing was paid: 0,00 back, with the Arabic comma
        told = translation.gettext("Your booking is cancelled. Refund: %(amount)s SAR.")
    assert told % {"amount": "0,00"} in response.content.decode()
