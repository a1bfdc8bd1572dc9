"""Waiting-list writes under real concurrency. Joins retried at the same moment queue the
account once. Leaving a waiting list at the moment its offer expires never deadlocks with
the beat task that expires offers: both lock the slot first, then the entry.

Two real connections (threads) are lined up on the slot's row lock, held by a third, in a
chosen order; releasing it lets them run into each other. With the locks taken in opposite
orders (the entry first in the beat task), the leave queued first gets the slot and waits for
the entry the beat task already holds, which waits for the slot: PostgreSQL detects the
deadlock and kills one of them.
"""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction

from permits import services
from permits.booking import booking_create
from permits.models import Slot, WaitlistEntry
from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import SlotFactory
from tests.fixtures.permits import NOW
from tests.racing import race

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def offered(rawdah_men):
    """A one-seat slot whose seat is offered to the first of two waiting pilgrims."""
    slot = SlotFactory(service=rawdah_men, capacity=1)
    holder = booking_create(acting_user=PilgrimFactory(), slot=slot,
                                     instructions_accepted=True, now=NOW)
    first = services.waitlist_join(acting_user=PilgrimFactory(), slot=slot, now=NOW)
    second = services.waitlist_join(acting_user=PilgrimFactory(), slot=slot, now=NOW)
    services.booking_cancel(booking=holder, acting_user=holder.user, now=NOW)
    first.refresh_from_db()
    assert first.status == WaitlistEntry.Status.OFFERED
    return slot, first, second


def join(user_id, slot_id):
    from accounts.models import User

    entry = services.waitlist_join(acting_user=User.objects.get(pk=user_id),
                                   slot=Slot.objects.get(pk=slot_id), now=NOW)
    return entry.pk


def test_joins_retried_at_once_queue_the_account_once(rawdah_men):
    slot = SlotFactory(service=rawdah_men, capacity=1)
    booking_create(acting_user=PilgrimFactory(), slot=slot, instructions_accepted=True,
                            now=NOW)
    pilgrim = PilgrimFactory()

    entry_ids = race(join, [(pilgrim.pk, slot.pk)] * 6)

    assert len(set(entry_ids)) == 1
    assert WaitlistEntry.objects.filter(user=pilgrim).count() == 1


def in_thread(work, errors):
    """Run work on its own database connection, keeping any exception for the test."""
    def run():
        try:
            work()
        except Exception as error:  # noqa: BLE001 - the test reports whatever it was
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def wait_until_waiting_on_locks(count):
    """Until `count` backends of this test database wait on a lock (autocommit: each poll
    reads a fresh pg_stat_activity)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                           "current_database() AND wait_event_type = 'Lock'")
            if cursor.fetchone()[0] >= count:
                return
        time.sleep(0.02)
    raise AssertionError(f"{count} backends never queued on the slot's lock")


@pytest.mark.parametrize("first_in_line", ["leave", "expire"])
def test_leaving_as_the_offer_expires_does_not_deadlock(offered, first_in_line):
    slot, entry, next_in_line = offered
    later = entry.offer_expires_at + timedelta(seconds=1)
    jobs = {
        "leave": lambda: services.waitlist_leave(entry=entry, acting_user=entry.user, now=later),
        "expire": lambda: services.waitlist_expire_offers(now=later),
    }
    errors, locked, release = [], threading.Event(), threading.Event()

    def hold_the_slot():
        with transaction.atomic():
            Slot.objects.select_for_update().get(pk=slot.pk)
            locked.set()
            release.wait(10)

    holder = in_thread(hold_the_slot, errors)
    assert locked.wait(10)
    threads = []
    for name in (first_in_line, *(set(jobs) - {first_in_line})):
        threads.append(in_thread(jobs[name], errors))
        wait_until_waiting_on_locks(len(threads))
    release.set()
    for thread in (holder, *threads):
        thread.join(30)

    assert errors == []
    entry.refresh_from_db()
    next_in_line.refresh_from_db()
    slot.refresh_from_db()
    # Whoever got the slot first decided the entry's fate; the seat passed on either way.
    assert entry.status == {"leave": WaitlistEntry.Status.CANCELLED,
                            "expire": WaitlistEntry.Status.EXPIRED}[first_in_line]
    assert next_in_line.status == WaitlistEntry.Status.OFFERED
    assert slot.remaining == 0
