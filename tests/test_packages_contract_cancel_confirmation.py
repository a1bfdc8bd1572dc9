"""Cancelling a Hajj package contract asks first on the shared confirmation page: GET says
what cancelling today gives back (the refund rules' amount on what was paid, and what is
deducted) and changes nothing; POST cancels with that refund."""

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import formats, timezone, translation

from packages.api import contract_refund_preview
from packages.models import Contract
from packages.services import contract_pay
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import ordered_contract, package_on_sale_today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http", "payment_gateway")]


@pytest.fixture
def contract():
    """Two of three instalments paid, today: the page prices a cancellation as of the real
    clock's day, so the contract is of the season on sale then, whatever the date."""
    now = timezone.now()
    contract = ordered_contract(pilgrim=PilgrimFactory(), now=now, payment_plan="instalments",
                                package=package_on_sale_today(price=Decimal("10000.00")))
    for _ in range(2):
        contract = contract_pay(contract=contract, card_token="tok_ok", now=now)
    return contract


def url(contract):
    return f"/packages/contracts/{contract.pk}/cancel/"


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_page_shows_what_comes_back_and_changes_nothing(contract, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(contract.pilgrim)
    preview = contract_refund_preview(contract)

    html = client.get(url(contract)).content.decode()

    with translation.override(language):
        refund = formats.localize(preview["refund"])
    assert 'id="cancel-preview"' in html and refund in html
    assert '<form method="post"' in html and 'id="confirm-action"' in html
    assert "<script>" not in html and " style=" not in html
    contract.refresh_from_db()
    assert contract.status != Contract.Status.CANCELLED


def test_confirming_cancels_with_that_refund(contract):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(contract.pilgrim)
    expected = contract_refund_preview(contract)["refund"]

    response = client.post(url(contract), follow=True)

    contract.refresh_from_db()
    assert contract.status == Contract.Status.CANCELLED
    assert f"Refund: {formats.localize(expected)} SAR." in response.content.decode()


def test_a_cancelled_contract_is_said_so_without_the_button(contract):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(contract.pilgrim)
    client.post(url(contract))

    html = client.get(url(contract)).content.decode()

    assert "This contract can no longer be cancelled." in html
    assert 'id="confirm-action"' not in html


def test_another_account_cannot_see_or_cancel(contract):
    client = Client()
    client.force_login(PilgrimFactory())

    assert client.get(url(contract)).status_code == 404
    assert client.post(url(contract)).status_code == 404
