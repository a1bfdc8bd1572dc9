"""The provider's guarantee in the ledger: the season's percentage of every captured payment is
withheld and the rest is owed to the provider; a refund takes back the guarantee's share of
what it reverses; compensation is paid from the guarantee up to its balance; after the
season what remains is released to the provider. The rate is data, passed in."""

from decimal import Decimal

import pytest

from ledger import selectors
from ledger.errors import LedgerError
from ledger.models import Account, Transfer
from ledger.money import guarantee_split
from tests.factories.ledger import (
    CURRENCY,
    SEASON,
    capture,
    compensate,
    refund,
    release,
)

pytestmark = pytest.mark.django_db

PROVIDER = 7
G, OWED, GATEWAY = (Account.Kind.GUARANTEE_WITHHELD, Account.Kind.OWED_TO_PROVIDER,
                    Account.Kind.GATEWAY)


def balances(provider_id=PROVIDER):
    return selectors.balances(provider_id=provider_id, season_id=SEASON, currency=CURRENCY)


def guarantee(provider_id=PROVIDER):
    return selectors.guarantee_balance(provider_id=provider_id, season_id=SEASON,
                                       currency=CURRENCY)


def held_and_outside_add_up(found):
    return found[GATEWAY] + found[G] + found[OWED] == 0


class TestAPaymentCaptured:
    def test_five_percent_is_withheld_and_the_rest_owed_to_the_provider(self):
        capture(provider_id=PROVIDER, amount="1000.00")
        assert balances() == {G: Decimal("50.00"), OWED: Decimal("950.00"),
                              GATEWAY: Decimal("-1000.00")}

    def test_the_rate_is_the_seasons_data(self):
        capture(provider_id=PROVIDER, amount="1000.00", percent="2.50")
        assert guarantee() == Decimal("25.00")

    @pytest.mark.parametrize(("amount", "share"), [
        ("333.33", "16.67"),  # 16.6665 rounds half up
        ("0.10", "0.01"),  # 0.005 rounds half up
        ("0.09", "0.00"),  # 0.0045 rounds down
        ("12345.67", "617.28"),
    ])
    def test_the_share_is_rounded_half_up_and_the_rest_makes_up_the_amount(self, amount,
                                                                           share):
        transfer = capture(provider_id=PROVIDER, amount=amount)
        legs = dict(transfer.entries.values_list("account__kind", "amount"))
        assert legs.get(G, Decimal("0.00")) == Decimal(share)
        assert legs.get(G, 0) + legs[OWED] == Decimal(amount) == -legs[GATEWAY]

    @pytest.mark.parametrize("percent", ["0", "5.00", "7.25", "100"])
    def test_share_and_rest_add_up_to_the_cent_at_any_rate(self, percent):
        for cents in range(1, 2000, 7):
            amount = Decimal(cents) / 100
            share, rest = guarantee_split(amount, Decimal(percent))
            assert share + rest == amount and share == share.quantize(Decimal("0.01"))

    @pytest.mark.parametrize("amount", ["0.00", "-5.00", "1.005"])
    def test_an_amount_is_positive_whole_cents(self, amount):
        with pytest.raises(LedgerError) as refused:
            capture(provider_id=PROVIDER, amount=amount)
        assert refused.value.code == "amount"

    def test_a_rate_is_a_percentage_not_a_fraction_beyond_100(self):
        with pytest.raises(LedgerError) as refused:
            capture(provider_id=PROVIDER, amount="100.00", percent="500")
        assert refused.value.code == "percent"


class TestARefund:
    def test_reverses_the_guarantees_share_and_the_rest_from_the_provider(self):
        capture(provider_id=PROVIDER, amount="1000.00")
        refund(provider_id=PROVIDER, amount="400.00")
        found = balances()
        assert found == {G: Decimal("30.00"), OWED: Decimal("570.00"),
                         GATEWAY: Decimal("-600.00")}

    def test_a_full_refund_leaves_nothing_held(self):
        capture(provider_id=PROVIDER, amount="333.33")
        refund(provider_id=PROVIDER, amount="333.33")
        assert set(balances().values()) == {Decimal("0.00")}

    def test_after_compensation_spent_the_guarantee_the_provider_gives_the_rest(self):
        capture(provider_id=PROVIDER, amount="1000.00")
        compensate(provider_id=PROVIDER, amount="45.00")
        refund(provider_id=PROVIDER, amount="1000.00")
        found = balances()
        assert found[G] == Decimal("0.00")
        assert found[OWED] == Decimal("-45.00")  # now owed by the provider
        assert held_and_outside_add_up(found)


class TestCompensation:
    def test_is_paid_from_the_guarantee(self):
        capture(provider_id=PROVIDER, amount="1000.00")
        paid = compensate(provider_id=PROVIDER, amount="30.00")
        assert (paid.paid, paid.uncovered) == (Decimal("30.00"), Decimal("0.00"))
        assert balances() == {G: Decimal("20.00"), OWED: Decimal("950.00"),
                              GATEWAY: Decimal("-970.00")}

    def test_larger_than_the_guarantee_is_paid_up_to_its_balance_and_the_rest_returned(self):
        capture(provider_id=PROVIDER, amount="1000.00")
        paid = compensate(provider_id=PROVIDER, amount="80.00")
        assert (paid.paid, paid.uncovered) == (Decimal("50.00"), Decimal("30.00"))
        assert guarantee() == Decimal("0.00")
        assert balances()[OWED] == Decimal("950.00")  # the uncovered part is the caller's

    def test_from_an_empty_guarantee_posts_nothing_and_returns_it_all_uncovered(self):
        paid = compensate(provider_id=PROVIDER, amount="80.00")
        assert (paid.transfer, paid.paid, paid.uncovered) == (None, Decimal("0.00"),
                                                              Decimal("80.00"))
        assert not Transfer.objects.exists()

    def test_a_retry_returns_what_the_first_call_paid(self):
        capture(provider_id=PROVIDER, amount="1000.00")
        first = compensate(provider_id=PROVIDER, amount="80.00", key="claim-5", source_id=5)
        again = compensate(provider_id=PROVIDER, amount="80.00", key="claim-5", source_id=5)
        assert again == first
        assert guarantee() == Decimal("0.00")

    def test_only_the_providers_own_guarantee_pays(self):
        capture(provider_id=PROVIDER, amount="1000.00")
        capture(provider_id=8, amount="1000.00")
        compensate(provider_id=8, amount="80.00")
        assert (guarantee(), guarantee(8)) == (Decimal("50.00"), Decimal("0.00"))


class TestTheRelease:
    def test_moves_what_remains_of_the_guarantee_to_what_the_provider_is_owed(self):
        capture(provider_id=PROVIDER, amount="1000.00")
        compensate(provider_id=PROVIDER, amount="20.00")
        released = release(provider_id=PROVIDER)
        assert dict(released.entries.values_list("account__kind", "amount")) == {
            G: Decimal("-30.00"), OWED: Decimal("30.00")}
        assert balances() == {G: Decimal("0.00"), OWED: Decimal("980.00"),
                              GATEWAY: Decimal("-980.00")}

    def test_a_retry_returns_the_first_release_and_a_second_release_has_nothing(self):
        capture(provider_id=PROVIDER, amount="1000.00")
        first = release(provider_id=PROVIDER, key="release-1448")
        assert release(provider_id=PROVIDER, key="release-1448") == first
        assert release(provider_id=PROVIDER) is None
        assert balances()[OWED] == Decimal("1000.00")


def test_the_seasons_totals_say_how_much_moved_and_why():
    capture(provider_id=PROVIDER, amount="1000.00")
    capture(provider_id=PROVIDER, amount="500.00")
    refund(provider_id=PROVIDER, amount="200.00")
    compensate(provider_id=PROVIDER, amount="40.00")
    release(provider_id=PROVIDER)
    assert selectors.totals(provider_id=PROVIDER, season_id=SEASON, currency=CURRENCY) == {
        Transfer.Kind.PAYMENT_RECEIVED: Decimal("1500.00"),
        Transfer.Kind.REFUND_PAID: Decimal("200.00"),
        Transfer.Kind.COMPENSATION_PAID: Decimal("40.00"),
        Transfer.Kind.GUARANTEE_RELEASED: Decimal("25.00"),  # 75 - 10 - 40
    }
    found = balances()
    assert found == {G: Decimal("0.00"), OWED: Decimal("1260.00"),
                     GATEWAY: Decimal("-1260.00")}
