"""Release rush benchmark: many pilgrims at a release's opening, with and without the
waiting room (permits/waiting_room.py). A benchmark, not a test.

    .venv/bin/python bench/rush/run.py [--seats 500] [--pilgrims 5000] [--arrival-seconds 10]
                                       [--open-after-seconds 2] [--admit-per-second 100]
                                       [--connections 500] [--no-compare]
                                       [--record var/bench/rush.jsonl | --no-record]

1. Starts a PostgreSQL and a Redis of its own under a temporary directory, as
   bench/booking/run.py does (its helpers are imported, not copied): pilgrims with warm app
   sessions (X-Session-Token) and a Rawdah slot of `--seats` seats.
2. gunicorn (gthread 1x8) pinned to core 0, and with it the poll server
   (permits/queue_server.py) that answers the waiting room's polls and the arrivals'
   pass-less bookings (forwarding to gunicorn what it cannot answer) as the reverse proxy
   routes them in production (`--polls-through gunicorn` leaves both to gunicorn), at a
   lower CPU priority than gunicorn as it runs by default (`--front-nice`); this
   process, the load generator, pins itself to core 1 with its file limit raised, and so do
   the PostgreSQL and Redis it started. The server's CPU counts both processes on core 0.
3. The waiting-room run: a Release of the slot opening `--open-after-seconds` after the first
   arrival; the pilgrims arrive uniformly within `--arrival-seconds` (those before the opening
   join the pre-queue). Each one, as the API client does: POST the booking (429 with the
   queue's url), poll that url when the queue says (`retry_after_ms`; `--whole-seconds` as a
   client reading only Retry-After would), and when admitted book with the pass;
   until sold out.
4. The comparison run (`--compare`, on by default): the same arrivals on a fresh slot of the
   same size without a release, each pilgrim POSTing the booking once.
5. The run with the waiting room is recorded: one JSON line appended to `--record`
   (var/bench/rush.jsonl by default; `--no-record` skips it) with its rate, size, figures and
   whether it met every target of issue #21 (permits/rush_record.py has the fields and the
   targets). `manage.py record_rush_figures` loads the file into the portal, whose release
   admin offers the rates that met them.

The load generator is one event loop (uvloop's; `--loop asyncio` for asyncio's own) on raw
sockets with a pool of keep-alive connections, its cyclic garbage collector off for the rush;
it reports how late it sent what it meant to send (its lag), so that a slow generator is not
taken for a slow server.

Inversions: a pilgrim who arrived after the opening is overtaken when someone whose first
request was sent after theirs was answered got a seat first (an earlier place in the line,
read from the pass, or in the comparison an earlier 201) or got one while they got none.
"""

import argparse
import asyncio
import bisect
import contextlib
import gc
import json
import os
import random
import resource
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.booking import run as booking_bench  # noqa: E402  (the shared bench helpers)
from permits import rush_record  # noqa: E402
from permits.queue_server import NICE  # noqa: E402

SERVER_CORE, CLIENT_CORE = booking_bench.SERVER_CORE, booking_bench.CLIENT_CORE
RECORD = ROOT / "var" / "bench" / "rush.jsonl"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seats", type=int, default=500)
    parser.add_argument("--pilgrims", type=int, default=5000)
    parser.add_argument("--arrival-seconds", type=float, default=10.0)
    parser.add_argument("--open-after-seconds", type=float, default=2.0,
                        help="the release opens this long after the first arrival "
                             "(earlier arrivals join the pre-queue)")
    parser.add_argument("--admit-per-second", type=int, default=100)
    parser.add_argument("--pass-seconds", type=int, default=300)
    parser.add_argument("--connections", type=int, default=500,
                        help="keep-alive connections of the load generator")
    parser.add_argument("--timeout", type=float, default=10.0, help="per request, seconds")
    parser.add_argument("--give-up-seconds", type=float, default=120.0,
                        help="a pilgrim still waiting this long after the run began stops")
    parser.add_argument("--no-compare", dest="compare", action="store_false",
                        help="skip the run without the waiting room")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--poll-port", type=int, default=8766)
    parser.add_argument("--polls-through", default="poll-server",
                        choices=["poll-server", "gunicorn"],
                        help="who answers the polls and the pass-less bookings: the front "
                             "server (permits/queue_server.py, pinned to gunicorn's core, as "
                             "the reverse proxy routes them in production) or gunicorn's WSGI "
                             "shim")
    parser.add_argument("--front-nice", type=int, default=NICE,
                        help="the front server's --nice: how far below gunicorn it runs on "
                             "their shared core (0: the same priority)")
    parser.add_argument("--whole-seconds", action="store_true",
                        help="poll as a client that reads only Retry-After and retry_after_s "
                             "(whole seconds), not retry_after_ms")
    parser.add_argument("--no-pin-databases", dest="pin_databases", action="store_false")
    parser.add_argument("--loop", default="uvloop", choices=["uvloop", "asyncio"],
                        help="the load generator's event loop (asyncio's own lags behind "
                             "sooner, and its lag counts in every latency)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--record", type=Path, default=RECORD,
                        help="append the run with the waiting room to this file, one JSON line "
                             "(manage.py record_rush_figures loads it into the portal)")
    parser.add_argument("--no-record", dest="record", action="store_const", const=None,
                        help="record nothing")
    return parser.parse_args()


# --- The load generator: raw HTTP/1.1 over a pool of keep-alive connections ------------------

class Pool:
    def __init__(self, port, size, timeout):
        self.port, self.timeout = port, timeout
        self.free: asyncio.Queue = asyncio.Queue()
        for _ in range(size):
            self.free.put_nowait(None)  # opened on first use
        self.errors = {"timeout": 0, "connection": 0}

    async def request(self, method, path, headers, body=b""):
        """(status, headers, body, seconds): status 0 on a timeout or connection error.
        The seconds include waiting for a free connection (what a pilgrim would wait)."""
        began = time.perf_counter()
        conn = await self.free.get()
        try:
            # asyncio.timeout, not wait_for: no task per request, so that the generator's own
            # bursts (a thousand answers read at once) stay short.
            async with asyncio.timeout(self.timeout):
                if conn is None:
                    conn = await asyncio.open_connection("127.0.0.1", self.port)
                reader, writer = conn
                head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1",
                        f"Content-Length: {len(body)}"]
                head += [f"{key}: {value}" for key, value in headers.items()]
                writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
                status, reply_headers, reply = await _read(reader)
            if reply_headers.get("connection", "").lower() == "close":
                writer.close()
                conn = None
            return status, reply_headers, reply, time.perf_counter() - began
        except TimeoutError:
            self.errors["timeout"] += 1
            conn = _close(conn)
        except (OSError, ValueError, asyncio.IncompleteReadError):
            self.errors["connection"] += 1
            conn = _close(conn)
        finally:
            self.free.put_nowait(conn)
        return 0, {}, b"", time.perf_counter() - began


def _close(conn):
    if conn is not None:
        conn[1].close()
    return None


async def _read(reader):
    status_line = await reader.readuntil(b"\r\n")
    status = int(status_line.split()[1])
    headers = {}
    while True:
        line = await reader.readuntil(b"\r\n")
        if line == b"\r\n":
            break
        key, _, value = line.decode("latin-1").partition(":")
        headers[key.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers.get("content-length", 0)))
    return status, headers, body


@dataclass
class Pilgrim:
    token: str
    arrival: float  # planned, seconds from the start
    sent: float = 0.0  # first request sent (monotonic, seconds from the start)
    answered: float = 0.0  # first request answered
    won_at: float | None = None  # the 201
    rank: float | None = None  # place in the line (from the pass) or order of the 201
    sold_out_seen: float | None = None
    polls: list = field(default_factory=list)  # latencies, seconds
    bookings: list = field(default_factory=list)  # (status, seconds)
    lags: list = field(default_factory=list)  # how late each request left, seconds
    gave_up: bool = False


def booking_body(slot_id):
    return json.dumps({"slot": slot_id, "companions": [], "accept_instructions": True}).encode()


async def pilgrim_run(pool, poll_pool, pilgrim, slot_id, start, *, queued, give_up,
                      statuses, whole_seconds=False):
    clock = lambda: time.perf_counter() - start  # noqa: E731
    body = booking_body(slot_id)
    await asyncio.sleep(max(0.0, pilgrim.arrival - clock()))
    pilgrim.lags.append(clock() - pilgrim.arrival)
    attempt, queue_pass, path = 0, "", None
    while clock() < give_up:
        attempt += 1
        headers = {"Content-Type": "application/json", "X-Session-Token": pilgrim.token,
                   "Idempotency-Key": f"{pilgrim.token}-{attempt}", "Accept-Language": "en"}
        if queue_pass:
            headers["Queue-Pass"] = queue_pass
        if attempt == 1:
            pilgrim.sent = clock()
        # The reverse proxy's routing: a booking without a pass to the front server.
        status, reply_headers, reply, seconds = await (pool if queue_pass else poll_pool).request(
            "POST", "/api/v1/permits/bookings/", headers, body)
        if attempt == 1:
            pilgrim.answered = clock()
        statuses.append(status)
        if status == 201:
            pilgrim.bookings.append((status, seconds))
            pilgrim.won_at = clock()
            if pilgrim.rank is None:
                pilgrim.rank = pilgrim.won_at
            return
        if status == 409:
            pilgrim.bookings.append((status, seconds))
            pilgrim.sold_out_seen = clock()
            return
        if queue_pass:
            pilgrim.bookings.append((status, seconds))
        if not queued or status != 429:
            if status == 0 or status >= 500:
                await asyncio.sleep(1)  # a client retrying after an error
                continue
            return
        queue = json.loads(reply)["queue"]
        path = "/" + queue["url"].split("/", 3)[3]
        wait = retry_after(queue, reply_headers, whole_seconds)
        queue_pass = ""
        while clock() < give_up:
            due = clock() + wait
            await asyncio.sleep(wait)
            pilgrim.lags.append(clock() - due)
            status, reply_headers, reply, seconds = await poll_pool.request(
                "GET", path, {"Accept": "application/json"})
            statuses.append(status)
            if status != 200:
                pilgrim.polls.append(seconds)
                wait = 1.0
                continue
            pilgrim.polls.append(seconds)
            place = json.loads(reply)
            if place["state"] == "admitted":
                queue_pass = place["pass"]
                # The pass ends with the place in the line the queue admitted it at.
                pilgrim.rank = float(queue_pass.rsplit(".", 1)[1])
                break
            if place["state"] in ("sold_out", "expired"):
                pilgrim.sold_out_seen = clock()
                return
            wait = retry_after(place, reply_headers, whole_seconds)
        else:
            break
    pilgrim.gave_up = True


def run_loop(coroutine, loop: str = "uvloop"):
    """asyncio.run on the event loop asked for: uvloop's (libuv, in C) by default, which
    keeps the generator's own lag out of the latencies it measures longer than asyncio's."""
    if loop == "uvloop":
        import uvloop

        return uvloop.run(coroutine)
    return asyncio.run(coroutine)


@contextlib.contextmanager
def collector_paused():
    """The generator's cyclic garbage collector off for the rush: a full collection over the
    pilgrims' objects stops the loop for as long as it walks them (about 200 ms), and every
    answer due meanwhile would be measured that much later."""
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


def retry_after(answer, headers, whole_seconds) -> float:
    """Seconds until the next poll, as the queue says: to the millisecond, as the API's
    clients are told to prefer (the Retry-After header has whole seconds only)."""
    if answer.get("retry_after_ms") and not whole_seconds:
        return answer["retry_after_ms"] / 1000
    return float(headers.get("retry-after", 1))


async def fire(port, poll_port, slot_id, pilgrims, args, *, queued):
    """The reverse proxy's routing, as the load generator's: polls and pass-less bookings to
    `poll_port`'s own pool of connections, bookings with a pass to gunicorn's."""
    pool = Pool(port, args.connections, args.timeout)
    poll_pool = pool if poll_port == port else Pool(poll_port, args.connections, args.timeout)
    statuses: list = []
    with collector_paused():  # collected before the clock starts
        start, began = time.perf_counter(), time.time()
        cpu_before = os.times()
        await asyncio.gather(*(pilgrim_run(pool, poll_pool, pilgrim, slot_id, start,
                                           queued=queued, give_up=args.give_up_seconds,
                                           statuses=statuses, whole_seconds=args.whole_seconds)
                               for pilgrim in pilgrims))
    if poll_pool is not pool:
        for kind, count in poll_pool.errors.items():
            pool.errors[kind] += count
    wall = time.perf_counter() - start
    cpu_after = os.times()
    cpu = (cpu_after.user - cpu_before.user) + (cpu_after.system - cpu_before.system)
    return statuses, pool.errors, wall, cpu / wall, began


# --- The runs ------------------------------------------------------------------------------

def new_slot(capacity):
    """A fresh slot of `capacity` seats (the comparison run must not share the first's)."""
    from datetime import timedelta

    from django.utils import timezone

    from permits.models import PermitService, Slot

    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    start += timedelta(days=3, minutes=Slot.objects.count() % 600)
    while Slot.objects.filter(service__code="rawdah_men", starts_at=start).exists():
        start += timedelta(minutes=1)
    return Slot.objects.create(service=PermitService.objects.get(code="rawdah_men"),
                               starts_at=start, ends_at=start + timedelta(minutes=10),
                               capacity=capacity, remaining=capacity).pk


def open_release(slot_id, opens_at, args):
    from permits import services
    from permits.models import Slot

    slot = Slot.objects.select_related("service").get(pk=slot_id)
    return services.release_create(
        acting_user=None, service=slot.service, slots=[slot],
        opens_at=datetime.fromtimestamp(opens_at, tz=UTC), prequeue_minutes=15,
        admit_per_second=args.admit_per_second, pass_seconds=args.pass_seconds)


# Bookings made before each run, on a slot of their own, by pilgrims of their own: a web
# server that has served nothing yet pays, at its first bookings, for its database connections,
# prepared statements and first imports, which a server in service has long paid.
WARM_UP = 64


async def warm_up(port, slot_id, tokens, timeout):
    pool = Pool(port, len(tokens), timeout)
    body = booking_body(slot_id)
    await asyncio.gather(*(pool.request("POST", "/api/v1/permits/bookings/", {
        "Content-Type": "application/json", "X-Session-Token": token,
        "Idempotency-Key": f"{token}-warm"}, body) for token in tokens))


def one_run(args, env, *, queued, tokens, arrivals, warm_tokens):
    from django.db import connections

    slot_id, warm_slot = new_slot(args.seats), new_slot(len(warm_tokens))
    pilgrims = [Pilgrim(token=token, arrival=arrival)
                for token, arrival in zip(tokens, arrivals, strict=True)]
    connections.close_all()
    with (booking_bench.served_and_pinned(env, args) as server,
          poll_server(env, args, queued=queued) as polls):
        run_loop(warm_up(args.port, warm_slot, warm_tokens, args.timeout), args.loop)
        opens_at = None
        if queued:
            # Made once both servers run (the front's start takes a second or two, which would
            # otherwise move the opening towards the first arrival, about 0.5 s from now).
            opens_at = time.time() + 0.5 + args.open_after_seconds
            open_release(slot_id, opens_at, args)
            connections.close_all()
            time.sleep(0.5)
        server_before = booking_bench.cpu_seconds(server.pid) + polls.cpu()
        database_before = booking_bench.database_cpu_seconds()
        statuses, errors, wall, cpu_share, began = run_loop(
            fire(args.port, polls.port, slot_id, pilgrims, args, queued=queued), args.loop)
        server_cpu = booking_bench.cpu_seconds(server.pid) + polls.cpu() - server_before
        database_cpu = booking_bench.database_cpu_seconds() - database_before
    opens_at_rel = opens_at - began if queued else 0.0  # seconds from the load's start
    capacity, remaining, issued = booking_bench.oversell(slot_id)
    return report(args, queued=queued, pilgrims=pilgrims, statuses=statuses, errors=errors,
                  wall=wall, cpu_share=cpu_share, server_cpu=(server_cpu, database_cpu),
                  opens_at_rel=opens_at_rel, sold=(capacity, remaining, issued))


@dataclass
class Polls:
    port: int
    pid: int | None = None

    def cpu(self) -> float:
        return booking_bench.cpu_seconds(self.pid) if self.pid else 0.0


@contextlib.contextmanager
def poll_server(env, args, *, queued):
    """The poll server on gunicorn's core (what the server's CPU counts includes it), when the
    run has a waiting room and its polls go there."""
    if not queued or args.polls_through == "gunicorn":
        yield Polls(port=args.port)
        return
    process = subprocess.Popen(
        ["taskset", "-c", booking_bench.SERVER_CORE, sys.executable, "-m",
         "permits.queue_server", "--bind", f"127.0.0.1:{args.poll_port}",
         "--portal", f"127.0.0.1:{args.port}", "--nice", str(args.front_nice)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        if not process.stdout.readline().startswith("Waiting room polls on"):
            raise SystemExit("the poll server did not start")
        yield Polls(port=args.poll_port, pid=process.pid)
    finally:
        booking_bench.stop_server(process)


def inversions(pilgrims, opens_at_rel):
    """Of those whose first request was sent after the opening: how many were overtaken by
    someone who arrived after them (sent after they had been answered)."""
    late = sorted((p for p in pilgrims if p.sent >= opens_at_rel and p.sent > 0),
                  key=lambda p: p.sent)
    sent = [p.sent for p in late]
    # best[i]: the earliest seat (lowest rank) among late[i:]
    best, running = [float("inf")] * (len(late) + 1), float("inf")
    for index in range(len(late) - 1, -1, -1):
        if late[index].rank is not None:
            running = min(running, late[index].rank)
        best[index] = running
    overtaken = 0
    for pilgrim in late:
        after = bisect.bisect_right(sent, pilgrim.answered)
        mine = pilgrim.rank if pilgrim.rank is not None else float("inf")
        if best[after] < mine:
            overtaken += 1
    return overtaken, len(late)


def report(args, *, queued, pilgrims, statuses, errors, wall, cpu_share, server_cpu,
           opens_at_rel, sold):
    capacity, remaining, issued = sold
    server_cpu, database_cpu = server_cpu
    pct = booking_bench.percentile
    booked = [seconds * 1000 for p in pilgrims for status, seconds in p.bookings
              if p.won_at is not None]
    polls = [seconds * 1000 for p in pilgrims for seconds in p.polls]
    lags = [lag * 1000 for p in pilgrims for lag in p.lags]
    wins = [p.won_at for p in pilgrims if p.won_at is not None]
    last_sold = max(wins) if wins else None
    # Waiting when the last seat went: not yet told, first request already sent.
    waiting = [p for p in pilgrims if p.won_at is None and p.sent and last_sold is not None
               and p.sent <= last_sold]
    told = [p.sold_out_seen - last_sold for p in waiting if p.sold_out_seen is not None]
    untold = sum(1 for p in waiting if p.sold_out_seen is None)
    overtaken, late = inversions(pilgrims, opens_at_rel)
    figures = {
        "seats sold": issued, "oversell": max(0, issued - capacity),
        "5xx": sum(1 for s in statuses if s >= 500),
        "timeouts": errors["timeout"], "connection errors": errors["connection"],
        "polls answered": len(polls), "poll p99 ms": pct(polls, .99) if polls else 0,
        "inversions %": 100 * overtaken / late if late else 0,
        "sold-out seen within s": max(told) if told else 0,
        "booking p99 ms (admitted)": pct(booked, .99) if booked else 0,
    }
    title = "WITH the waiting room" if queued else "WITHOUT the waiting room"
    print(f"--- {title}: {len(pilgrims)} pilgrims within {args.arrival_seconds:g} s, "
          f"{capacity} seats" + (f", opening at +{opens_at_rel:.1f} s, admitting "
                                 f"{args.admit_per_second}/s, front server at nice "
                                 f"{args.front_nice}" if queued else ""))
    print(f"seats sold: {issued}   oversell: {figures['oversell']}   "
          f"(issued {issued} + remaining {remaining} "
          f"{'==' if issued + remaining == capacity else '!='} capacity {capacity})")
    gave_up = sum(1 for p in pilgrims if p.gave_up)
    print(f"requests: {len(statuses)}   5xx: {figures['5xx']}   timeouts: {errors['timeout']}   "
          f"connection errors: {errors['connection']}   gave up: {gave_up}")
    if queued:
        print(f"polls answered: {len(polls)}   poll ms p50 {pct(polls, .5):.1f}   "
              f"p99 {figures['poll p99 ms']:.1f}" if polls else "polls answered: 0")
    print(f"inversions (arrived after the opening, overtaken by a later arrival): {overtaken} "
          f"of {late} = {figures['inversions %']:.2f}%")
    print(f"last seat sold at +{last_sold or 0:.2f} s; every waiting client saw sold-out within "
          f"{figures['sold-out seen within s']:.2f} s ({len(told)} told, {untold} never told)")
    if booked:
        print(f"booking ms of those who got a seat: p50 {pct(booked, .5):.1f}   "
              f"p99 {figures['booking p99 ms (admitted)']:.1f}")
    print(f"wall: {wall:.1f} s   server CPU: {server_cpu / wall * 100:.0f}% of core "
          f"{SERVER_CORE}   PostgreSQL and Redis: {database_cpu / wall * 100:.0f}% and load "
          f"generator ({args.loop}): {cpu_share * 100:.0f}% of core {CLIENT_CORE}, "
          f"send lag ms p50 {pct(lags, .5):.1f} p99 {pct(lags, .99):.1f} "
          f"max {max(lags):.1f}   load average {os.getloadavg()[0]:.2f}")
    return figures, gave_up


def cores(cpu_list: str) -> int:
    """How many cores a taskset list names ("0", "0-1", "0,2-3")."""
    count = 0
    for part in cpu_list.split(","):
        first, _, last = part.partition("-")
        count += int(last or first) - int(first) + 1
    return count


def run_record(args, figures, *, gave_up, measured_at) -> dict:
    """The line of the run with the waiting room (permits/rush_record.py), from report()'s
    figures; gunicorn and the front server share the cores SERVER_CORE names."""
    record = {
        "measured_at": measured_at.astimezone(UTC).isoformat(timespec="seconds"),
        "host": socket.gethostname(),
        "admit_per_second": args.admit_per_second,
        "pilgrims": args.pilgrims,
        "seats": args.seats,
        "arrival_seconds": float(args.arrival_seconds),
        "web_cores": cores(SERVER_CORE),
        "booking_p99_ms": figures["booking p99 ms (admitted)"],
        "poll_p99_ms": figures["poll p99 ms"],
        "sold_out_notice_s": figures["sold-out seen within s"],
        "inversions_percent": figures["inversions %"],
        "oversell": figures["oversell"],
        "errors": (figures["5xx"] + figures["timeouts"] + figures["connection errors"]
                   + gave_up),
        "seats_sold": figures["seats sold"],
        "targets_met": rush_record.targets_met(
            seats=args.seats, seats_sold=figures["seats sold"], oversell=figures["oversell"],
            server_errors=figures["5xx"], timeouts=figures["timeouts"],
            connection_errors=figures["connection errors"], poll_p99_ms=figures["poll p99 ms"],
            inversions_percent=figures["inversions %"],
            sold_out_notice_s=figures["sold-out seen within s"],
            booking_p99_ms=figures["booking p99 ms (admitted)"]),
    }
    assert record.keys() == rush_record.FIELDS.keys()
    return record


def record_append(path: Path, record: dict) -> None:
    """Append the line, making the file and its directory when missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(json.dumps(record) + "\n")


def raise_file_limit(wanted):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = min(max(soft, wanted), hard) if hard != resource.RLIM_INFINITY else max(soft, wanted)
    resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return target


def bench(args):
    env, _url = booking_bench.django_on_bench_database()
    # Idle keep-alive connections are kept while pilgrims wait between polls (gunicorn's 2 s
    # default would close them under the pool), and enough of them are accepted.
    env["GUNICORN_CMD_ARGS"] = (f"--keep-alive 75 --worker-connections "
                                f"{args.connections + 100}")
    booking_bench.SERVER_PIDS.update(booking_bench.server_pids(_url))
    runs = 2 if args.compare else 1
    # Each run its own pilgrims: a pilgrim booked in the first run may not book again.
    print(f"preparing {runs} x {args.pilgrims} pilgrims ...", flush=True)
    _slot, tokens = booking_bench.prepare(runs * (args.pilgrims + WARM_UP), 0)
    warm_tokens, tokens = tokens[:runs * WARM_UP], tokens[runs * WARM_UP:]
    randomly = random.Random(args.seed)
    arrivals = sorted(randomly.uniform(0, args.arrival_seconds) for _ in range(args.pilgrims))
    figures, gave_up = one_run(args, env, queued=True, tokens=tokens[:args.pilgrims],
                               arrivals=arrivals, warm_tokens=warm_tokens[:WARM_UP])
    results = {"with": figures}
    if args.record is not None:
        record_append(args.record, run_record(args, figures, gave_up=gave_up,
                                              measured_at=datetime.now(UTC)))
        print(f"recorded in {args.record}")
    if args.compare:
        results["without"], _gave_up = one_run(
            args, env, queued=False, tokens=tokens[args.pilgrims:], arrivals=arrivals,
            warm_tokens=warm_tokens[WARM_UP:])
        print("--- side by side (with | without)")
        for key, value in results["with"].items():
            print(f"{key:>28}: {value:10.2f} | {results['without'][key]:10.2f}")
    return results


def main():
    args = parse_args()
    limit = raise_file_limit(2 * args.connections + 1024)  # gunicorn's pool and the polls'

    print(f"open-file limit of the load generator: {limit}")
    return booking_bench.on_own_servers("bench-rush-", bench, args)


if __name__ == "__main__":
    main()
