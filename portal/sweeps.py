"""One way for every beat sweep to work through the rows that fell due.

    sweep_due(name="complaints.escalate", due=<queryset of due rows, in order>,
              process=<function(pk) -> bool: lock the row, re-check it is due, act>)

A tick claims a batch of ids with `SELECT ... FOR UPDATE SKIP LOCKED` in a short
transaction and records the claims (`portal.SweepClaim`, for a short lease) before it
commits, so another sweeper running at the same time skips those rows and takes the next
ones: several sweepers split a backlog instead of all listing the same first rows. Each row is
then processed in a transaction of its own; `process` locks it and re-checks it is still due,
so a row acted on by staff meanwhile, or claimed again after a lease ran out, is acted on once.
A row whose processing raises is logged, rolled back alone, and released for a later tick.
Batches follow one another until nothing is due that this tick has not yet processed, or
the time budget runs out: a row left due (held, or failed) is looked at again next tick.

The lease is the budget plus a margin for the row in hand when it runs out: a live sweeper
never outlives its claims, and the claims of one that died lapse within a minute.
"""

import logging
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Now

from .models import SweepClaim

logger = logging.getLogger(__name__)


def sweep_due(*, name: str, due: QuerySet, process: Callable[[int], bool]) -> int:
    """Process every row of `due` not claimed by another sweeper; return how many `process`
    acted on (it returns False for a row no longer due under its lock)."""
    deadline = time.monotonic() + settings.SWEEP_TIME_BUDGET_SECONDS
    _forget_lapsed_claims(name)
    acted, left_due = 0, set()
    while time.monotonic() < deadline:
        # A row stays due after a tick that leaves it be (a guarantee still held, a row that
        # failed): it waits for the next tick, not the next batch, or one such row would
        # spin the sweep for its whole budget. A row acted on is no longer due by itself.
        batch = _claim_batch(name, due.exclude(pk__in=left_due))
        if batch is None:
            break
        for index, pk in enumerate(batch):
            if time.monotonic() >= deadline:
                _release(name, batch[index:])
                break
            if _process_one(name, pk, process):
                acted += 1
            else:
                left_due.add(pk)
    return acted


def sweep_claim_lease() -> timedelta:
    return timedelta(
        seconds=settings.SWEEP_TIME_BUDGET_SECONDS + settings.SWEEP_CLAIM_MARGIN_SECONDS
    )


def _claim_batch(name: str, due: QuerySet) -> list[int] | None:
    """The ids this sweeper now holds; None when nothing unclaimed is due. An empty list
    means another sweeper claimed the rows we read between our snapshot and our locks (its
    claims were not yet committed when we read, its row locks gone when we locked): the
    next read sees those claims and moves past them, so the sweep goes on."""
    claimed_elsewhere = SweepClaim.objects.filter(
        sweep=name, row_id=OuterRef("pk"), claimed_until__gt=Now()
    )
    with transaction.atomic():
        ids = list(
            due.filter(~Exists(claimed_elsewhere))
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", flat=True)[: settings.SWEEP_BATCH_SIZE]
        )
        return _record_claims(name, ids) if ids else None


def _record_claims(name: str, ids: list[int]) -> list[int]:
    """Insert the claims; a row whose claim another sweeper committed after our read (its
    claim is live) is not ours: only the ids this statement wrote come back, in order."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {SweepClaim._meta.db_table} AS claim (sweep, row_id, claimed_until)
            SELECT %s, id, statement_timestamp() + make_interval(secs => %s)
              FROM unnest(%s::bigint[]) AS id
            ON CONFLICT (sweep, row_id) DO UPDATE SET claimed_until = EXCLUDED.claimed_until
             WHERE claim.claimed_until <= statement_timestamp()
            RETURNING row_id
            """,
            [name, sweep_claim_lease().total_seconds(), ids],
        )
        won = {row_id for (row_id,) in cursor.fetchall()}
    return [pk for pk in ids if pk in won]


def _process_one(name: str, pk: int, process: Callable[[int], bool]) -> bool | None:
    """True or False as `process` says, None when it raised (rolled back and released)."""
    try:
        with transaction.atomic():
            acted = process(pk)
            SweepClaim.objects.filter(sweep=name, row_id=pk).delete()
    except Exception:
        logger.exception("Sweep %s: row %s failed; left for a later tick", name, pk)
        _release(name, [pk])
        return None
    return bool(acted)


def _release(name: str, ids: list[int]) -> None:
    SweepClaim.objects.filter(sweep=name, row_id__in=ids).delete()


def _forget_lapsed_claims(name: str) -> None:
    # Claims of a sweeper that died: no longer binding, and their rows may be gone.
    SweepClaim.objects.filter(sweep=name, claimed_until__lte=Now()).delete()
