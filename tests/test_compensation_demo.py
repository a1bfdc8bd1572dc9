"""The demo holds one approved claim and one waiting for a decision; loading it twice
changes nothing."""

import pytest

from accounts import demo as accounts_demo
from compensation import demo
from compensation.models import Claim
from complaints import demo as complaints_demo
from packages import demo as packages_demo
from tests.factories.complaints import NOW

pytestmark = pytest.mark.django_db


def test_the_demo_claims_load_twice_without_changing():
    accounts_demo.demo_load()
    packages_demo.demo_load(now=NOW)
    complaints_demo.demo_load(now=NOW)
    demo.demo_load(now=NOW)
    states = dict(Claim.objects.values_list("item", "status"))
    demo.demo_load(now=NOW)
    assert dict(Claim.objects.values_list("item", "status")) == states == {
        "makkah_housing": "approved", "mashair_buses": "pending"}
