"""Racing processes (each on its own connection) cannot spend the provider's guarantee twice,
nor post one key twice. The control run sends the same race through a deliberately unguarded
read-then-post payment (test-only) and shows the check catches an overspent guarantee."""

from decimal import Decimal

import pytest

from ledger import selectors, services
from ledger.models import Account, Transfer
from tests.factories.ledger import CURRENCY, SEASON, capture
from tests.racing import in_step, race

pytestmark = pytest.mark.django_db(transaction=True)

PROVIDER = 7
CLAIMS = 4


def guarded_claim(number):
    payment = services.compensation_paid(
        provider_id=PROVIDER, season_id=SEASON, amount=Decimal("40.00"), currency=CURRENCY,
        key=f"claim-{number}", source="compensation.claim", source_id=number)
    return payment.paid


def unguarded_claim(number):
    """Read the balance, think, post: compensation_paid without its lock."""
    accounts = {kind: services.account_get(provider_id=PROVIDER, season_id=SEASON, kind=kind,
                                           currency=CURRENCY) for kind in Account.Kind.values}
    guarantee = accounts[Account.Kind.GUARANTEE_WITHHELD]
    paid = min(Decimal("40.00"), selectors.account_balance(account=guarantee))
    in_step()
    if paid > 0:
        services.post(key=f"claim-{number}", kind=Transfer.Kind.COMPENSATION_PAID,
                      legs=[(guarantee, -paid), (accounts[Account.Kind.GATEWAY], paid)],
                      source="compensation.claim", source_id=number)
    return paid


def guarantee():
    return selectors.guarantee_balance(provider_id=PROVIDER, season_id=SEASON,
                                       currency=CURRENCY)


@pytest.fixture
def fifty_withheld():
    capture(provider_id=PROVIDER, amount="1000.00")
    assert guarantee() == Decimal("50.00")


def test_racing_claims_are_paid_from_the_guarantee_no_more_than_it_holds(fifty_withheld):
    paid = race(guarded_claim, [(number,) for number in range(CLAIMS)])
    assert sum(paid) == Decimal("50.00")
    assert sorted(paid) == [Decimal("0")] * (CLAIMS - 2) + [Decimal("10.00"), Decimal("40.00")]
    assert guarantee() == Decimal("0.00")


def test_control_an_unguarded_payment_overspends_the_guarantee(fifty_withheld):
    race(unguarded_claim, [(number,) for number in range(CLAIMS)])
    assert guarantee() < 0


def post_same_key(_number):
    return capture(provider_id=PROVIDER, amount="300.00", key="hajjportal-payment-77",
                   source_id=77).pk


def test_racing_retries_of_one_payment_post_it_once():
    ids = race(post_same_key, [(number,) for number in range(CLAIMS)])
    assert len(set(ids)) == 1
    assert Transfer.objects.filter(key="hajjportal-payment-77").count() == 1
