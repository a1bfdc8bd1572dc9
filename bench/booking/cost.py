"""What one booking costs the server: CPU time, queries, and where the time goes.

    .venv/bin/python bench/booking/cost.py [--requests 300] [--queries] [--top 40]

Drives POST /api/v1/permits/bookings/ in-process through hajjportal.wsgi.application (the
application gunicorn serves: the API's middleware, authentication and view, DEBUG off) on the
benchmark's database, one booking after another, so the figures are the server's own cost
without the network or concurrency: CPU ms per booking (process time), wall ms per booking,
the SQL statements of one booking (`--queries`), and a cProfile of the whole run sorted by
cumulative and own time.
"""

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402  (the benchmark's own preparation)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--queries", action="store_true", help="print one booking's SQL")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--width", type=int, default=300, help="characters of SQL shown")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--callers", default="", help="print the callers of functions matching")
    return parser.parse_args()


def environ_for(slot_id, token):
    body = json.dumps({"slot": slot_id, "companions": [], "accept_instructions": True}).encode()
    return {
        "REQUEST_METHOD": "POST", "PATH_INFO": "/api/v1/permits/bookings/", "SCRIPT_NAME": "",
        "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8764",
        "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1",
        "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)),
        "HTTP_X_SESSION_TOKEN": token, "HTTP_IDEMPOTENCY_KEY": token,
        "HTTP_ACCEPT_LANGUAGE": "en", "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": True,
        "wsgi.run_once": False, "wsgi.version": (1, 0),
    }


def book(app, slot_id, token):
    statuses = []
    body = b"".join(app(environ_for(slot_id, token), lambda status, headers: statuses.append(
        status)))
    if not statuses[0].startswith("201"):
        raise SystemExit(f"booking failed: {statuses[0]} {body[:300]!r}")
    return body


def main():
    args = parse_args()
    bench.django_on_bench_database()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The application gunicorn serves: the API's middleware, the collector's settings.
    from hajjportal.wsgi import application as app

    count = args.requests + 2
    slot_id, tokens = bench.prepare(count, count)
    book(app, slot_id, tokens.pop())  # warm up: imports, URL resolver, caches
    with CaptureQueriesContext(connection) as queries:
        book(app, slot_id, tokens.pop())
    print(f"queries per booking: {len(queries)}")
    if args.queries:
        for query in queries:
            print(f"  {query['time']}s  {query['sql'][:args.width]}")
    # CPU time, not wall time: waiting on PostgreSQL or Redis costs the core nothing.
    profiler = None if args.no_profile else cProfile.Profile(time.process_time)
    cpu, wall = time.process_time(), time.perf_counter()
    database = bench.database_cpu_seconds()
    if profiler:
        profiler.enable()
    for token in tokens:
        book(app, slot_id, token)
    if profiler:
        profiler.disable()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    database = bench.database_cpu_seconds() - database
    print(f"bookings: {len(tokens)}   CPU ms/booking: {cpu / len(tokens) * 1000:.2f}   "
          f"wall ms/booking: {wall / len(tokens) * 1000:.2f}   "
          f"PostgreSQL and Redis CPU ms/booking: {database / len(tokens) * 1000:.2f}"
          f"{'   (under cProfile)' if profiler else ''}")
    if profiler:
        for order in ("cumulative", "tottime"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(args.top)
            print(out.getvalue())
        if args.callers:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).print_callers(args.callers)
            print(out.getvalue())


if __name__ == "__main__":
    main()
