"""Racing real processes: the way the concurrency tests prove a guard holds."""

import multiprocessing

from django.db import connections


def race(target, jobs):
    """Run target(*job) in one forked process per job, released together by a barrier, each
    on its own database connection; return their results (in completion order)."""
    connections.close_all()  # children must open their own connections, not share ours
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(len(jobs)), context.Queue()

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
