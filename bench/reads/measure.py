"""One code tree's cost per request, in-process: run by bench/reads/run.py, once per tree.

    python bench/reads/measure.py --tree /path/to/checkout --requests 300

Imports Django from `--tree` (this file may belong to another checkout), on the database
BENCH_DATABASE (created and migrated when missing), loads the demo data, gives the demo
pilgrim four booked permits, and drives each request through hajjportal.wsgi.application
(the application gunicorn serves, DEBUG off) `--requests` times after a warm-up. Prints one
JSON line: per request, the SQL statements of one request and the CPU ms per request of this
process (time.process_time: waiting on PostgreSQL or Redis costs the core nothing).
"""

import argparse
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", required=True)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--language", default="ar")
    return parser.parse_args()


def environ(path, *, query="", cookie="", token="", language="ar", method="GET", body=b"",
            key=""):
    env = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "SCRIPT_NAME": "", "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8764", "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1", "HTTP_ACCEPT_LANGUAGE": language,
        "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
        "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False,
        "wsgi.version": (1, 0), "CONTENT_LENGTH": str(len(body)),
    }
    if body:
        env["CONTENT_TYPE"] = "application/json"
    if cookie:
        env["HTTP_COOKIE"] = cookie
    if token:
        env["HTTP_X_SESSION_TOKEN"] = token
    if key:
        env["HTTP_IDEMPOTENCY_KEY"] = key
    return env


def call(app, env, expect):
    statuses = []
    body = b"".join(app(env, lambda status, headers: statuses.append(status)))
    if not statuses[0].startswith(expect):
        raise SystemExit(f"{env['PATH_INFO']}: {statuses[0]} {body[:300]!r}")
    return body


def ensure_database(url, name, tree):
    from urllib.parse import urlparse

    import psycopg

    admin = urlparse(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=tree,
                   env=os.environ, check=True)
    subprocess.run([sys.executable, "manage.py", "load_demo_data"], cwd=tree, env=os.environ,
                   check=True, stdout=subprocess.DEVNULL)
    # DEBUG off serves hashed static names from the manifest, as in production.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                   cwd=tree, env=os.environ, check=True)


def pilgrim_with_permits(count=4):
    """The demo pilgrim with `count` booked permits (booked once, kept across runs), and a
    signed-in session cookie."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.utils import timezone

    from accounts.models import User
    from permits import booking as bookings
    from permits.errors import PermitError
    from permits.models import Booking, Slot

    user = User.objects.get(email="pilgrim@demo.hajj.example")
    booked = Booking.objects.filter(user=user, status="booked").count()
    for slot in Slot.objects.filter(service__code__in=["rawdah_men", "umrah"],
                                    starts_at__gt=timezone.now(), remaining__gt=0
                                    ).order_by("starts_at"):
        if booked >= count:
            break
        try:
            bookings.booking_create(acting_user=user, slot=slot, instructions_accepted=True,
                                    idempotency_key=f"bench-reads-{slot.pk}")
        except PermitError:
            continue
        booked += 1
    session = SessionStore()
    session.update({SESSION_KEY: str(user.pk), HASH_SESSION_KEY: user.get_session_auth_hash(),
                    BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0]})
    session.create()
    return booked, f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def slot_day():
    """A day with the most men's Rawdah slots (the demo's fortnight: 42 a day), four days
    ahead or later: the booking benchmark adds its own slot two days ahead on every run."""
    from datetime import timedelta

    from django.db.models import Count
    from django.db.models.functions import TruncDate
    from django.utils import timezone

    from permits.models import Slot

    row = (Slot.objects.filter(service__code="rawdah_men",
                               starts_at__gte=timezone.now() + timedelta(days=4))
           .annotate(day=TruncDate("starts_at"))
           .values("day").annotate(n=Count("id")).order_by("-n", "day").first())
    return row["day"], row["n"]


def measure(app, make_env, expect, requests):
    from django.db import connection

    for _ in range(3):  # warm up: imports, URL resolver, templates, caches
        call(app, make_env(), expect)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        call(app, make_env(), expect)
    envs = [make_env() for _ in range(requests)]
    cpu = time.process_time()
    for env in envs:
        call(app, env, expect)
    cpu = time.process_time() - cpu
    return {"queries": len(queries), "cpu_ms": round(cpu / requests * 1000, 3)}


def main():
    args = parse_args()
    tree = Path(args.tree).resolve()
    sys.path.insert(0, str(tree))
    sys.path.insert(0, str(tree / "bench" / "booking"))
    import run as booking_bench  # the tree's own booking benchmark: its settings and pilgrims

    env, name, url = booking_bench.bench_env()
    os.environ.update(env)
    os.chdir(tree)
    ensure_database(url, name, tree)
    import django

    django.setup()
    from hajjportal.wsgi import application as app

    permits, cookie = pilgrim_with_permits()
    day, slots = slot_day()
    booking_slot, tokens = booking_bench.prepare(args.requests + 5, args.requests + 4)
    api_token = tokens.pop(0)  # the app's session for the slot list; the others book
    language = args.language

    def booking_env():
        token = tokens.pop()
        body = json.dumps({"slot": booking_slot, "companions": [],
                           "accept_instructions": True}).encode()
        return environ("/api/v1/permits/bookings/", method="POST", body=body, token=token,
                       key=token, language=language)

    requests = {
        "POST /api/v1/permits/bookings/": (booking_env, "201"),
        "GET /api/v1/permits/slots/": (lambda: environ(
            "/api/v1/permits/slots/", query=f"service=rawdah_men&date={day.isoformat()}",
            token=api_token, language=language), "200"),
        "GET /": (lambda: environ("/", language=language), "200"),
        "GET /packages/": (lambda: environ("/packages/", language=language), "200"),
        "GET /sla/service-levels/": (lambda: environ("/sla/service-levels/",
                                                     language=language), "200"),
        "GET /permits/mine/": (lambda: environ("/permits/mine/", cookie=cookie,
                                               language=language), "200"),
    }
    results = {what: measure(app, make, expect, args.requests)
               for what, (make, expect) in requests.items()}
    print(json.dumps({"permits": permits, "slots": slots, "results": results}))


if __name__ == "__main__":
    main()
