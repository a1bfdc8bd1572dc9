"""Beat sweeps share the work: sweepers running at once split a backlog, each row is acted on
once, one bad row does not hold back the others, and one tick drains everything due.

Told with the complaints' escalation sweep; the compensation and transfers sweeps run
through the same helper (portal/sweeps.py).
"""

from datetime import timedelta

import pytest
from django.db.models import Count

from complaints.models import Complaint, Status, Transition
from complaints.services import complaints_escalate_overdue
from portal.models import SweepClaim
from tests.factories.complaints import NOW, contract_for, filed_complaint
from tests.racing import hold_writes_until_claims, race

LATER = NOW + timedelta(hours=3)


def overdue_complaints(count):
    contract = contract_for()
    return [filed_complaint(contract=contract) for _ in range(count)]


def escalations_per_complaint():
    return sorted(Transition.objects.filter(kind="escalated").values("complaint")
                  .annotate(n=Count("pk")).values_list("n", flat=True))


def escalated():
    return Complaint.objects.filter(status=Status.ESCALATED).count()


def sweep():
    return complaints_escalate_overdue(now=LATER)


@pytest.mark.django_db(transaction=True)
def test_two_sweepers_split_a_backlog_and_escalate_each_complaint_once(settings):
    settings.SWEEP_BATCH_SIZE = 10
    overdue_complaints(300)
    holder = hold_writes_until_claims(Transition, 20)

    first, second = race(sweep, [(), ()])
    holder.join(timeout=30)

    assert first > 0 and second > 0  # both did work: neither only re-listed the other's rows
    assert first + second == 300
    assert escalations_per_complaint() == [1] * 300
    assert SweepClaim.objects.count() == 0


@pytest.mark.django_db
def test_one_tick_escalates_a_backlog_larger_than_200():
    overdue_complaints(250)

    assert sweep() == 250
    assert escalated() == 250


@pytest.mark.django_db
def test_a_complaint_that_fails_does_not_hold_back_the_others(settings, caplog):
    settings.SWEEP_BATCH_SIZE = 2
    overdue_complaints(4)
    bad = overdue_complaints(1)[0]
    # Bad data from an import: the SMS of its escalation cannot be written.
    type(bad.pilgrim.profile).objects.filter(pk=bad.pilgrim.profile.pk).update(mobile="12")

    assert sweep() == 4

    assert escalated() == 4
    bad.refresh_from_db()
    assert bad.status != Status.ESCALATED
    assert not Transition.objects.filter(complaint=bad, kind="escalated").exists()
    assert f"row {bad.pk} failed" in caplog.text
    assert not SweepClaim.objects.exists()  # released: the next tick tries it again


@pytest.mark.django_db
def test_rows_another_sweeper_claimed_are_left_to_it_until_its_claim_lapses():
    held, lapsed = overdue_complaints(2)
    SweepClaim.objects.create(sweep="complaints.escalate_overdue", row_id=held.pk,
                              claimed_until=NOW.replace(year=2100))
    SweepClaim.objects.create(sweep="complaints.escalate_overdue", row_id=lapsed.pk,
                              claimed_until=NOW.replace(year=2000))

    assert sweep() == 1

    held.refresh_from_db()
    lapsed.refresh_from_db()
    assert (held.status, lapsed.status) == (Status.SUBMITTED, Status.ESCALATED)


@pytest.mark.django_db
def test_a_tick_stops_at_its_time_budget_and_holds_no_claims(settings):
    settings.SWEEP_TIME_BUDGET_SECONDS = 0
    overdue_complaints(3)

    assert sweep() == 0
    assert not SweepClaim.objects.exists()
    settings.SWEEP_TIME_BUDGET_SECONDS = 30  # the next tick, with time, takes them
    assert sweep() == 3
