"""Each payment the gateway captures enters the ledger with it: the season's guarantee
percentage (data) is withheld from the provider, the rest is owed to it. A contract not paid
withholds nothing, so compensation is only ever paid from money actually received."""

import datetime
from decimal import Decimal

import pytest

from compensation.selectors import guarantee_available
from ledger import selectors as ledger
from ledger.models import Transfer
from packages.errors import PackageError
from packages.models import PaymentAttempt, Season
from packages.services import contract_pay
from portal.calendars import RIYADH
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import PackageFactory, ordered_contract

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH)


def held(contract):
    return ledger.balances(provider_id=contract.provider_id, season_id=contract.season_id,
                           currency="SAR")


def test_an_instalment_paid_withholds_the_seasons_share_and_owes_the_provider_the_rest(
        payment_gateway):
    contract = ordered_contract(pilgrim=PilgrimFactory(), payment_plan="instalments", now=NOW,
                                package=PackageFactory(price=Decimal("10000.00")))
    contract_pay(contract=contract, card_token="tok_ok", now=NOW)  # 20%: 2,000.00

    assert held(contract) == {"guarantee_withheld": Decimal("100.00"),
                              "owed_to_provider": Decimal("1900.00"),
                              "gateway": Decimal("-2000.00")}
    attempt = PaymentAttempt.objects.get(instalment__contract=contract)
    transfer = Transfer.objects.get(kind="payment_received")
    # The ledger's key is the one the gateway was charged with: reconciliation matches them.
    assert transfer.key == attempt.idempotency_key
    assert attempt.idempotency_key in payment_gateway.state.charges
    assert (transfer.source, transfer.source_id) == ("packages.paymentattempt", str(attempt.pk))


def test_the_rate_is_the_seasons_data_when_the_payment_is_captured(payment_gateway):
    contract = ordered_contract(pilgrim=PilgrimFactory(), payment_plan="instalments", now=NOW,
                                package=PackageFactory(price=Decimal("10000.00")))
    contract_pay(contract=contract, card_token="tok_ok", now=NOW)  # 2,000.00 at 5%
    Season.objects.filter(year=1448).update(guarantee_percent=Decimal("2.50"))
    contract_pay(contract=contract, card_token="tok_ok", now=NOW)  # 4,000.00 at 2.5%

    assert guarantee_available(provider_id=contract.provider_id,
                               season_id=1448) == Decimal("200.00")
    assert held(contract)["owed_to_provider"] == Decimal("5800.00")


def test_an_unpaid_contract_adds_nothing_to_the_guarantee(payment_gateway):
    contract = ordered_contract(pilgrim=PilgrimFactory(), package=PackageFactory(), now=NOW)
    with pytest.raises(PackageError):
        contract_pay(contract=contract, card_token="tok_declined", now=NOW)

    assert guarantee_available(provider_id=contract.provider_id,
                               season_id=1448) == Decimal("0.00")
    assert not Transfer.objects.exists()
