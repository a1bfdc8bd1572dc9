"""The demo pilgrims have paid contracts with the demo provider and complaints in several
states (a claim among them); loading the demo twice changes nothing."""

import pytest

from accounts import demo as accounts_demo
from compensation.models import Claim
from complaints import demo
from complaints.models import Complaint, Transition
from packages import demo as packages_demo
from packages.models import Contract
from tests.factories.complaints import NOW

pytestmark = pytest.mark.django_db


def load(now=NOW):
    accounts_demo.demo_load()
    packages_demo.demo_load(now=now)
    demo.demo_load(now=now)


def test_the_demo_complaints_load_twice_without_changing():
    load()
    counts = (Contract.objects.count(), Complaint.objects.count(),
              Transition.objects.count(), Claim.objects.count())
    load()
    assert (Contract.objects.count(), Complaint.objects.count(),
            Transition.objects.count(), Claim.objects.count()) == counts


def test_the_demo_pilgrim_sees_complaints_in_several_states_against_the_staff_company():
    load()
    ahmad = Complaint.objects.filter(pilgrim__email=demo.AHMAD)
    assert set(ahmad.values_list("status", flat=True)) == {
        "confirmed", "upheld", "resolved", "waiting_pilgrim", "acknowledged"}
    assert all(c.provider.licence_number == accounts_demo.DEMO_PROVIDER_LICENCE
               for c in Complaint.objects.all())
    assert Contract.objects.count() == 2
    assert all(contract.paid_at for contract in Contract.objects.all())
    assert set(Claim.objects.values_list("trigger", flat=True)) == {"upheld", "fixed_late"}
