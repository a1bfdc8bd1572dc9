"""A sweeper that loses the rows it read to another sweeper's claims goes on to the rest.

Two sweepers can read the same first rows: one reads before the other's claims commit and
locks them after the other let go of its row locks. Its claims then conflict and it wins
none; that is a lost race, not an empty backlog, and the sweep must carry on past the rows
now claimed elsewhere. The other sweeper is played by a second connection holding its claims
open until our insert waits on them, so the interleaving is exact, not left to timing.
"""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connections, transaction

from complaints.models import Complaint, Status
from complaints.services import complaints_escalate_overdue
from portal.models import SweepClaim
from tests.factories.complaints import NOW, contract_for, filed_complaint

SWEEP = "complaints.escalate_overdue"
LATER = NOW + timedelta(hours=3)


def overdue_complaints(count):
    contract = contract_for()
    # A second apart, so the sweep's order (fix_due_at) is known.
    return [filed_complaint(contract=contract, now=NOW + timedelta(seconds=second))
            for second in range(count)]


def claim_when_read(ids):
    """Another sweeper's claims on `ids`, inserted in a transaction it commits only once a
    statement of ours waits for it; returns the thread (join it)."""
    inserted = threading.Event()

    def other_sweeper():
        try:
            with transaction.atomic(), connections["default"].cursor() as cursor:
                for row_id in ids:
                    SweepClaim.objects.create(sweep=SWEEP, row_id=row_id,
                                              claimed_until=LATER.replace(year=2100))
                inserted.set()
                give_up = time.monotonic() + 30
                while time.monotonic() < give_up:
                    cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted)")
                    if cursor.fetchone()[0]:
                        break
                    time.sleep(0.02)
        finally:
            inserted.set()
            connections.close_all()

    thread = threading.Thread(target=other_sweeper)
    thread.start()
    inserted.wait(timeout=30)
    return thread


@pytest.mark.django_db(transaction=True)
def test_a_sweeper_that_loses_its_first_rows_escalates_the_others(settings):
    settings.SWEEP_BATCH_SIZE = 5
    complaints = overdue_complaints(12)
    lost = [complaint.pk for complaint in complaints[:5]]
    other = claim_when_read(lost)

    acted = complaints_escalate_overdue(now=LATER)
    other.join(timeout=30)

    assert acted == 7
    escalated = set(Complaint.objects.filter(status=Status.ESCALATED)
                    .values_list("pk", flat=True))
    assert escalated == {complaint.pk for complaint in complaints[5:]}
    assert set(SweepClaim.objects.values_list("row_id", flat=True)) == set(lost)
