"""Racing real processes: the way the concurrency tests prove a guard holds."""

import multiprocessing
import threading
import time

from django.db import connections, transaction

_step = None  # the running race's second barrier, inherited by its racers through the fork


def race(target, jobs):
    """Run target(*job) in one forked process per job, released together by a barrier, each
    on its own database connection; return their results (in completion order)."""
    global _step
    connections.close_all()  # children must open their own connections, not share ours
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(len(jobs)), context.Queue()
    _step = context.Barrier(len(jobs))

    def run(job):
        connections.close_all()
        barrier.wait(timeout=30)
        try:
            results.put(target(*job))
        finally:
            connections.close_all()

    processes = [context.Process(target=run, args=(job,)) for job in jobs]
    for process in processes:
        process.start()
    outcome = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    return outcome


def in_step():
    """Wait here until every racer of the running race has come here. A control run calls it
    between its read and its write, so every racer has read before any writes: the failure
    the guard prevents happens on every run, however loaded the machine (a sleep only makes
    it likely). Every racer must reach it, or the others give up after 30 s."""
    _step.wait(timeout=30)


def hold_writes_until_claims(model, count):
    """Block every INSERT into `model`'s table from another connection until racing sweepers
    hold `count` claims (portal.SweepClaim) between them; return the holding thread (join it
    after the race). Each sweeper then has claimed a batch before any finishes its rows, so
    one that forks late still finds its share, and a split of the work is seen whatever the
    timing."""
    from portal.models import SweepClaim

    ready = threading.Event()

    def hold():
        try:
            with transaction.atomic():
                with connections["default"].cursor() as cursor:
                    cursor.execute(f"LOCK TABLE {model._meta.db_table} "
                                   "IN SHARE ROW EXCLUSIVE MODE")
                    ready.set()
                    give_up = time.monotonic() + 30
                    while (SweepClaim.objects.count() < count
                           and time.monotonic() < give_up):
                        time.sleep(0.05)
        finally:
            ready.set()
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    ready.wait(timeout=30)
    return holder
