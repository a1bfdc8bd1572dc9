"""How many companions one Hajj contract may carry lives once, in the season's Hajj permit
rule: the order applies it, the refund policy a contract keeps sizes its clients by it, and
the season holds no copy (a contract the permit request would refuse for its size is never
sold)."""

import datetime

import pytest

from packages.errors import PackageError
from packages.models import Season
from packages.services import contract_order
from permits.rules import hajj_rule_for_season
from portal.calendars import RIYADH
from refunds.policy import policy_snapshot
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import PackageFactory, companion

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH)  # 11/06/1448


def order(pilgrim, package, companions):
    return contract_order(
        acting_user=pilgrim, package=package, companions=list(companions),
        holder={"identity_expires_on": datetime.date(2030, 1, 1)},
        acknowledged_channels=True, payment_plan="full", now=NOW)


@pytest.fixture
def two_companions_allowed():
    rule = hajj_rule_for_season(1448)
    rule.max_companions = 2
    rule.save()
    return rule


def test_the_season_holds_no_copy_of_the_companions_limit():
    assert "max_companions" not in {field.name for field in Season._meta.get_fields()}


def test_the_order_refuses_more_companions_than_the_hajj_rule_allows(two_companions_allowed):
    pilgrim = PilgrimFactory()
    companions = [companion(pilgrim) for _ in range(3)]
    with pytest.raises(PackageError) as error:
        order(pilgrim, PackageFactory(), companions)
    assert (error.value.code, error.value.params["max"]) == ("too_many_companions", 2)
    assert order(pilgrim, PackageFactory(), companions[:2]).clients == 3


def test_the_refund_policy_kept_with_a_contract_counts_the_holder_and_the_rules_companions(
        two_companions_allowed):
    contract = order(PilgrimFactory(), PackageFactory(), [])
    assert contract.refund_policy["max_clients"] == 3
    assert policy_snapshot(Season.objects.get(pk=1448))["max_clients"] == 3
