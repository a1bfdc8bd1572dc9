"""Two sweepers at once (real processes, each with its own connection) escalate every overdue
complaint exactly once. The control run sends the same race through a deliberately unguarded
read-then-write sweep (test-only) and shows the same check catches double escalations."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models import Count

from complaints.models import PROVIDER_OPEN, Complaint, Status, Transition
from tests.factories.complaints import NOW, contract_for, filed_complaint
from tests.racing import in_step, race

pytestmark = pytest.mark.django_db(transaction=True)

SWEEPERS = 4
COMPLAINTS = 12
LATER = NOW + timedelta(hours=3)


def guarded_sweep():
    from complaints.services import complaints_escalate_overdue

    return complaints_escalate_overdue(now=LATER)


def unguarded_sweep():
    """Read, think, write: what the sweep would be without the lock and the re-check."""
    done = 0
    overdue = list(Complaint.objects.filter(status__in=PROVIDER_OPEN, fix_due_at__lt=LATER)
                   .values_list("pk", flat=True))
    in_step()  # every sweeper has read the overdue list before any escalates
    for pk in overdue:
        with transaction.atomic():
            Complaint.objects.filter(pk=pk).update(status=Status.ESCALATED)
            Transition.objects.create(complaint_id=pk, kind="escalated", from_status="submitted",
                                      to_status="escalated", at=LATER)
            done += 1
    return done


def escalations_per_complaint():
    return list(Transition.objects.filter(kind="escalated").values("complaint")
                .annotate(n=Count("pk")).values_list("n", flat=True))


@pytest.fixture
def overdue():
    contract = contract_for()
    return [filed_complaint(contract=contract) for _ in range(COMPLAINTS)]


def test_each_overdue_complaint_is_escalated_once_by_racing_sweepers(overdue):
    results = race(guarded_sweep, [()] * SWEEPERS)
    assert sum(results) == COMPLAINTS
    assert sorted(escalations_per_complaint()) == [1] * COMPLAINTS
    assert set(Complaint.objects.values_list("status", flat=True)) == {Status.ESCALATED}


def test_control_an_unguarded_sweep_escalates_twice(overdue):
    race(unguarded_sweep, [()] * SWEEPERS)
    assert max(escalations_per_complaint()) > 1
