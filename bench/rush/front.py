"""What the waiting room's front server costs a request: CPU per arrival and per poll, this
code against a base commit, in the same run. A benchmark, not a test.

    .venv/bin/python bench/rush/front.py [--base COMMIT] [--pilgrims 3000] [--polls 4]
                                         [--connections 200] [--pairs 3]

bench/rush shows whether a rush meets its targets; on a shared core its latencies move with
the machine's own speed from one run to the next. This one measures the cost that decides
them, the front server's CPU per request (permits/queue_server.py), which moves much less:

1. A PostgreSQL and a Redis of its own (bench/booking's helpers), pilgrims with warm app
   sessions, and the base commit (default: where this branch left main, else HEAD~1) checked
   out into a temporary worktree.
2. `--pairs` times, for the base tree and then this one: a fresh slot in a release that opened
   a second ago admitting one seat a second (so nearly everyone waits in line); that tree's
   front server (`python -m permits.queue_server`, at nice 0) pinned to core 0, this process
   and the databases to core 1; each pilgrim's pass-less booking (the arrival: a 429 with
   its place), then `--polls` polls of every place; `--connections` requests in flight.
3. The front's CPU time (user + system, from /proc) over each phase, per request; then the
   medians of the pairs side by side.

No portal runs behind the front: an arrival it would forward there (it should forward none)
is answered 502 and counted as an error, as is any answer but the expected one.
"""

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE.parent / "booking"))
sys.path.insert(0, str(HERE))
import run as rush  # noqa: E402  (the rush's load generator and preparation)

from bench import base_tree  # noqa: E402  (run.py put the repository on the path)

booking_bench = rush.booking_bench


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="", help="commit to compare with")
    parser.add_argument("--pilgrims", type=int, default=3000)
    parser.add_argument("--polls", type=int, default=4, help="polls of each place")
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--timeout", type=float, default=10.0)
    return parser.parse_args()


@contextlib.contextmanager
def front(tree: Path, env, port):
    """The tree's front server on the server's core, at the portal's priority (the CPU it
    spends is what is measured, not whom it yields to)."""
    process = subprocess.Popen(
        ["taskset", "-c", booking_bench.SERVER_CORE, sys.executable, "-m",
         "permits.queue_server", "--bind", f"127.0.0.1:{port}", "--portal",
         "127.0.0.1:9", "--nice", "0"],
        cwd=tree, env={**env, "PYTHONPATH": str(tree)}, stdout=subprocess.PIPE, text=True,
        start_new_session=True)
    try:
        if not process.stdout.readline().startswith("Waiting room polls on"):
            raise SystemExit(f"the front server of {tree} did not start")
        yield process
    finally:
        booking_bench.stop_server(process)


async def arrivals(pool, tokens, slot_id, tag) -> tuple[list, int]:
    """Each pilgrim's pass-less booking: (the poll paths, the unexpected answers)."""
    body = rush.booking_body(slot_id)

    async def one(token):
        headers = {"Content-Type": "application/json", "X-Session-Token": token,
                   "Idempotency-Key": f"{token}-{tag}", "Accept-Language": "en"}
        status, _headers, reply, _seconds = await pool.request(
            "POST", "/api/v1/permits/bookings/", headers, body)
        if status != 429:
            return None
        return "/" + json.loads(reply)["queue"]["url"].split("/", 3)[3]

    paths = await asyncio.gather(*(one(token) for token in tokens))
    return [path for path in paths if path], sum(path is None for path in paths)


async def polls(pool, paths, rounds) -> int:
    """`rounds` polls of every place: the unexpected answers."""
    async def one(path):
        status, _headers, reply, _seconds = await pool.request(
            "GET", path, {"Accept": "application/json"})
        return status == 200 and json.loads(reply)["state"] in ("waiting", "admitted")

    wrong = 0
    for _round in range(rounds):
        wrong += sum(not ok for ok in await asyncio.gather(*(one(path) for path in paths)))
    return wrong


def measure(tree: Path, env, args, tokens, tag) -> dict:
    """One tree's run: CPU microseconds per arrival and per poll."""
    slot_id = rush.new_slot(10)
    args.admit_per_second, args.pass_seconds = 1, 300
    rush.open_release(slot_id, time.time() - 1, args)
    from django.db import connections

    connections.close_all()
    with front(tree, env, args.port) as server:
        pool = rush.Pool(args.port, args.connections, args.timeout)
        before = booking_bench.cpu_seconds(server.pid)
        paths, wrong_arrivals = rush.run_loop(arrivals(pool, tokens, slot_id, tag))
        middle = booking_bench.cpu_seconds(server.pid)
        pool = rush.Pool(args.port, args.connections, args.timeout)
        wrong_polls = rush.run_loop(polls(pool, paths, args.polls))
        after = booking_bench.cpu_seconds(server.pid)
    return {"arrival_us": (middle - before) / len(tokens) * 1e6,
            "poll_us": (after - middle) / max(1, len(paths) * args.polls) * 1e6,
            "errors": wrong_arrivals + wrong_polls + sum(pool.errors.values())}


def bench(args):
    env, url = booking_bench.django_on_bench_database()
    booking_bench.SERVER_PIDS.update(booking_bench.server_pids(url))
    base, this = base_tree.base_commit(args.base), base_tree.this_commit()
    print(f"preparing {args.pilgrims} pilgrims ...", flush=True)
    _slot, tokens = booking_bench.prepare(args.pilgrims, 0)
    pinned = booking_bench.pin_databases({booking_bench.CLIENT_CORE})
    os.sched_setaffinity(0, {booking_bench.CLIENT_CORE})
    runs = {"base": [], "this": []}
    try:
        with base_tree.checked_out(base, prefix="bench-front-") as base_root:
            for pair in range(1, args.pairs + 1):
                for label, tree in (("base", base_root), ("this", ROOT)):
                    figures = measure(tree, env, args, tokens, f"{label}{pair}")
                    runs[label].append(figures)
                    print(f"pair {pair} {label:>4} ({base if label == 'base' else this})"
                          f": {figures['arrival_us']:7.0f} us an arrival  "
                          f"{figures['poll_us']:7.0f} us a poll   errors {figures['errors']}",
                          flush=True)
    finally:
        booking_bench.unpin_databases(pinned)
    print(f"\nfront server CPU per request, medians of {args.pairs} pairs "
          f"({args.pilgrims} arrivals and {args.pilgrims * args.polls} polls each, "
          f"{args.connections} in flight, {datetime.now(UTC):%Y-%m-%d})")
    print(f"| request | {base} | {this} | ratio |")
    print("|---|---|---|---|")
    for key, what in (("arrival_us", "arrival (pass-less booking, 429)"), ("poll_us", "poll")):
        b = statistics.median(run[key] for run in runs["base"])
        t = statistics.median(run[key] for run in runs["this"])
        print(f"| {what} | {b:.0f} us | {t:.0f} us | {t / b:.2f} |")


def main():
    args = parse_args()
    rush.raise_file_limit(2 * args.connections + 1024)
    return booking_bench.on_own_servers("bench-front-", bench, args)


if __name__ == "__main__":
    main()
