"""The waiting room's front server: `python -m permits.queue_server --bind 127.0.0.1:8001
[--portal 127.0.0.1:8000] [--nice 5]`.

During a release every waiting pilgrim polls every second or two, and every arrival's first
request is a booking without a pass that only gets its place in the line: together they are
almost every request of a rush. Through gunicorn each costs about a millisecond of CPU, most
of it HTTP handling in Python threads, and they queue in front of the bookings of those
already admitted. This server answers them on one asyncio loop, parsing only what it needs:

- `GET /api/v1/permits/queue/<token>/`, the poll: every poll that arrived in one turn of the
  loop is answered after one Redis pipeline (waiting_room.poll_many), byte for byte as the
  WSGI shim answers it (waiting_room.poll_http).
- `POST /api/v1/permits/bookings/` (with `--portal`): the 429 of a pass-less booking of an
  open release's slot, by the code the WSGI shim runs (permits/queue_refusal.py), which
  answers only when Django would answer the same. Everything else (a Queue-Pass, a booking
  outside any release, a session not in the cache) is forwarded to the portal as it came,
  and its answer relayed: the reverse proxy sends every pass-less booking here
  (deploy/nginx.conf), so a pilgrim sees one portal.

It yields the CPU to the portal (`--nice`, 5 unless told): where the two share a core, a
busy front would otherwise take half of it from the admitted pilgrims' bookings, which cost
more and are the ones that sell the seats; its own answers are cheap and can wait a few
milliseconds.

It reads no session from PostgreSQL: the poll's token is signed with the portal's SECRET_KEY
(waiting_room.poll_token), and the sessions are read from the cache as cached_db keeps them;
it runs with the portal's settings and environment. The releases are read from PostgreSQL
in a thread, once per version, while the portal answers in the meantime.
"""

import argparse
import asyncio
import io
import logging
import os
import time

logger = logging.getLogger(__name__)

# What a request's head may weigh: a request line and ordinary headers.
MAX_HEAD_BYTES = 16 * 1024
# A booking's body: a slot, a few companions and a flag. Anything larger is not one.
MAX_BOOKING_BYTES = 16 * 1024
# A keep-alive connection with nothing to say for this long is closed (nginx's default).
IDLE_SECONDS = 75.0
# How long the portal may take to answer a forwarded booking (nginx's proxy_read_timeout).
PORTAL_SECONDS = 60.0
BOOKINGS = "/api/v1/permits/bookings/"
# How far below the portal the front runs by default (bench/rush measured 3, 5 and 10: at 10
# the polls' own p99 passed its 100 ms).
NICE = 5
# Hop-by-hop headers: each connection has its own.
HOP = frozenset({b"connection", b"keep-alive", b"proxy-connection", b"te", b"trailer",
                 b"upgrade"})


class Request:
    """One request as far as this server reads it."""

    __slots__ = ("method", "target", "version", "lines", "headers", "body", "keep_alive",
                 "body_announced")

    def __init__(self, method, target, version, lines, headers):
        self.method, self.target, self.version = method, target, version
        self.lines = lines  # the header lines as they came (forwarded as they are)
        self.headers = headers  # {lower-case name: value as it came}
        self.body = b""
        connection = headers.get(b"connection", b"").lower()
        self.keep_alive = (b"close" not in connection if version == b"HTTP/1.1"
                           else b"keep-alive" in connection)

    @property
    def path(self) -> str:
        return self.target.split(b"?", 1)[0].decode("latin-1")


class Batch:
    """The polls of one turn of the loop, answered in arrival order after one pipeline."""

    def __init__(self, loop, waiting_room):
        self.loop = loop
        self.waiting_room = waiting_room
        self.items = []  # (connection, head only, keep-alive, status or None, account or None)
        self.scheduled = False

    def add(self, connection, head_only, keep_alive, status, account):
        self.items.append((connection, head_only, keep_alive, status, account))
        if not self.scheduled:
            self.scheduled = True
            self.loop.call_soon(self.flush)

    def flush(self):
        items, self.items, self.scheduled = self.items, [], False
        accounts = [item[4] for item in items if item[3] is None]
        try:
            places = iter(self.waiting_room.poll_many(accounts, now=time.time()))
        except self.waiting_room.QueueUnavailable:
            places = None
        for connection, head_only, keep_alive, status, _account in items:
            if status is not None:
                body = self.waiting_room.POLL_REFUSALS[status]
            elif places is None:
                status, body = 503, self.waiting_room.POLL_REFUSALS[503]
            else:
                status, body = 200, next(places).as_json()
            connection.answer(status, body, head_only=head_only, keep_alive=keep_alive)


class Front:
    """What every connection shares: the batch of polls, and the way to the portal."""

    def __init__(self, loop, portal: tuple[str, int] | None, idle_seconds=IDLE_SECONDS):
        from permits import queue_refusal, waiting_room

        self.loop = loop
        self.idle_seconds = idle_seconds
        self.waiting_room = waiting_room
        self.queue_refusal = queue_refusal
        self.batch = Batch(loop, waiting_room)
        self.portal = portal
        self.reading_releases = False
        self.arrivals = []  # (connection, request) of this turn of the loop
        self.arrivals_scheduled = False

    def arrival(self, connection, request: Request):
        """A pass-less booking, answered with the others of this turn of the loop."""
        self.arrivals.append((connection, request))
        if not self.arrivals_scheduled:
            self.arrivals_scheduled = True
            self.loop.call_soon(self.arrivals_answer)

    def arrivals_answer(self):
        arrivals, self.arrivals, self.arrivals_scheduled = self.arrivals, [], False
        queued = [(connection, request) for connection, request in arrivals
                  if b"queue-pass" not in request.headers]
        try:
            answers = dict(zip(
                (id(request) for _, request in queued),
                self.queue_refusal.refusals([connection.environ(request)
                                             for connection, request in queued]),
                strict=True))
        except Exception:  # never a lost request: the portal answers them all
            logger.exception("The arrivals could not be answered here")
            answers = {}
        forwarded = False
        for connection, request in arrivals:
            answer = answers.get(id(request))
            if answer is None:
                forwarded = True
                self.loop.create_task(connection.forwarded(request))
            else:
                connection.refused(request, answer)
        if forwarded:  # perhaps a release this process has not read yet: once a turn
            self.releases_fresh()

    def releases_fresh(self):
        """Read the releases of the current version in a thread (PostgreSQL is not read on
        the loop), once at a time; until then the portal answers the arrivals."""
        if self.reading_releases:
            return
        try:
            unread = self.waiting_room.releases_unread()
        except Exception:  # the cache failing (not degrading): the portal answers meanwhile
            logger.exception("The releases' version could not be read")
            return
        if unread:
            self.reading_releases = True
            self.loop.run_in_executor(None, self.read_releases)

    def read_releases(self):
        from django.db import connections

        try:
            self.waiting_room.releases_read()
        except Exception:
            logger.exception("The poll server could not read the releases")
        finally:
            connections.close_all()
            self.reading_releases = False


class PollConnection(asyncio.Protocol):
    def __init__(self, front: Front):
        self.front = front
        self.batch = front.batch
        self.buffer = b""
        self.transport = None
        self.idle = None  # the timer that closes the connection once it has been idle
        self.seen = 0.0  # when the client last sent something (the loop's clock)
        self.stopped = False  # a malformed request was seen: nothing after it is read
        self.held = False  # a booking is being answered: what follows waits its turn
        self.closing = False

    def connection_made(self, transport):
        self.transport = transport
        self.seen = asyncio.get_running_loop().time()
        self._idle_arm(self.front.idle_seconds)

    def connection_lost(self, exc):
        self.closing = True
        if self.idle is not None:
            self.idle.cancel()

    # A client that does not read its answers stops being read (its kernel buffer fills).
    def pause_writing(self):
        self.transport.pause_reading()

    def resume_writing(self):
        self.transport.resume_reading()

    def data_received(self, data):
        self.seen = asyncio.get_running_loop().time()
        self.buffer += data
        if self.held and len(self.buffer) > MAX_HEAD_BYTES + MAX_BOOKING_BYTES:
            self.transport.pause_reading()  # what follows a booking waits in the kernel
        self._read_requests()

    def _read_requests(self):
        while not self.stopped and not self.held and not self.closing:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > MAX_HEAD_BYTES:
                    self._refuse(431)
                return
            request = self._head(self.buffer[:end])
            if request is None:
                return
            if (request.method == b"POST" and request.path == BOOKINGS and self.front.portal
                    and b"transfer-encoding" not in request.headers):
                length = int(request.headers.get(b"content-length", b"0"))
                if len(self.buffer) < end + 4 + length:
                    return  # the body is still coming
                request.body = self.buffer[end + 4:end + 4 + length]
                self.buffer = self.buffer[end + 4 + length:]
                self.held = True
                self.front.arrival(self, request)
                return
            self.buffer = self.buffer[end + 4:]
            if request.body_announced:
                self._refuse(400)  # a body would be read as the next request: never guess
                return
            status, account = self._route(request)
            self.batch.add(self, request.method == b"HEAD", request.keep_alive, status,
                           account)

    def _head(self, head: bytes) -> Request | None:
        lines = head.split(b"\r\n")
        parts = lines[0].split(b" ")
        if len(parts) != 3 or not parts[2].startswith(b"HTTP/1."):
            self._refuse(400)
            return None
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            headers[name] = (headers[name] + b"," + value.strip() if name in headers
                             else value.strip())
        request = Request(*parts, lines[1:], headers)
        length = headers.get(b"content-length", b"0")
        if b"transfer-encoding" in headers or not length.isdigit():
            request.body_announced = True
            return request
        request.body_announced = int(length) > 0
        if int(length) > MAX_BOOKING_BYTES and request.method == b"POST":
            self.buffer = b""
            self._refuse(413)
            return None
        return request

    def _route(self, request: Request):
        path = request.path
        waiting_room = self.batch.waiting_room
        if not path.startswith(waiting_room.POLL_PREFIX):
            return 404, None
        if request.method not in (b"GET", b"HEAD"):
            return 405, None
        account = waiting_room.poll_token_read(path[len(waiting_room.POLL_PREFIX):].strip("/"))
        return (404, None) if account is None else (None, account)

    # --- A pass-less booking: the queue's 429 here, or the portal's answer --------------------

    def refused(self, request: Request, answer):
        status_line, headers, body = answer
        self._write(f"HTTP/1.1 {status_line}\r\n".encode("latin-1"), headers, body,
                    keep_alive=request.keep_alive)
        self._next()

    async def forwarded(self, request: Request):
        try:
            await self._forward(request)
        except Exception:
            logger.exception("A booking could not be forwarded")
            self.answer(502, self.batch.waiting_room.POLL_REFUSALS[502], head_only=False,
                        keep_alive=False)
        self._next()

    def _next(self):
        """The booking is answered: the requests after it on this connection are read."""
        self.held = False
        if not self.closing:
            self.transport.resume_reading()
        self._read_requests()

    def environ(self, request: Request) -> dict:
        """The WSGI environ gunicorn would build for the request (what queue_refusal reads)."""
        path, _, query = request.target.partition(b"?")
        peer = self.transport.get_extra_info("peername") or ("", 0)
        own = self.transport.get_extra_info("sockname") or ("", 0)
        environ = {
            "REQUEST_METHOD": request.method.decode("latin-1"),
            "PATH_INFO": path.decode("latin-1"), "QUERY_STRING": query.decode("latin-1"),
            "SCRIPT_NAME": "", "SERVER_PROTOCOL": request.version.decode("latin-1"),
            "SERVER_NAME": str(own[0]), "SERVER_PORT": str(own[1]),
            "REMOTE_ADDR": str(peer[0]), "REMOTE_PORT": str(peer[1]),
            "wsgi.input": io.BytesIO(request.body), "wsgi.url_scheme": "http",
            "wsgi.errors": io.StringIO(), "wsgi.version": (1, 0),
            "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
        }
        for name, value in request.headers.items():
            key = name.decode("latin-1").upper().replace("-", "_")
            if "_" in name.decode("latin-1"):
                continue  # as gunicorn: an underscore could forge a dashed header
            if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                environ[key] = value.decode("latin-1")
            else:
                environ[f"HTTP_{key}"] = value.decode("latin-1")
        return environ

    async def _forward(self, request: Request):
        """The request to the portal as it came (its own connection, closed after), and the
        portal's answer back on this connection."""
        host, port = self.front.portal
        lines = [line for line in request.lines
                 if line.partition(b":")[0].strip().lower() not in HOP]
        head = b"\r\n".join([b" ".join((request.method, request.target, b"HTTP/1.1")), *lines,
                             b"Connection: close"])
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port),
                                                    PORTAL_SECONDS)
            try:
                writer.write(head + b"\r\n\r\n" + request.body)
                answer = await asyncio.wait_for(reader.read(), PORTAL_SECONDS)
            finally:
                writer.close()
        except (OSError, TimeoutError):
            answer = b""
        end = answer.find(b"\r\n\r\n")
        if end < 0:
            self.answer(502, self.batch.waiting_room.POLL_REFUSALS[502], head_only=False,
                        keep_alive=False)
            return
        status, *lines = answer[:end].split(b"\r\n")
        headers = [line.partition(b":") for line in lines]
        headers = [(name.strip().decode("latin-1"), value.strip().decode("latin-1"))
                   for name, _, value in headers if name.strip().lower() not in HOP]
        self._write(status + b"\r\n", headers, answer[end + 4:],
                    keep_alive=request.keep_alive)

    # --- Answers --------------------------------------------------------------------------

    def _refuse(self, status: int):
        """Answer in turn after what came before on this connection, then close it."""
        self.stopped = True
        self.batch.add(self, False, False, status, None)

    def answer(self, status: int, body: dict, *, head_only: bool, keep_alive: bool):
        status_line, headers, payload = self.batch.waiting_room.poll_http(status, body)
        self._write(f"HTTP/1.1 {status_line}\r\n".encode("latin-1"), headers,
                    b"" if head_only else payload, keep_alive=keep_alive)

    def _write(self, status_line: bytes, headers, payload: bytes, *, keep_alive: bool):
        if self.closing:
            return
        if not keep_alive:
            headers = [*headers, ("Connection", "close")]
        head = "".join([*(f"{name}: {value}\r\n" for name, value in headers), "\r\n"])
        self.transport.write(status_line + head.encode("latin-1") + payload)
        if not keep_alive:
            self.closing = True
            self.transport.close()

    def _idle_arm(self, seconds: float):
        self.idle = asyncio.get_running_loop().call_later(seconds, self._idle_check)

    def _idle_check(self):
        """Close the connection if nothing came for the idle time, else look again when that
        would be: one timer a connection, not one set and cancelled per request."""
        idle, quiet = self.front.idle_seconds, asyncio.get_running_loop().time() - self.seen
        if quiet < idle or self.held:  # the portal may still be answering a booking
            self._idle_arm(idle - quiet if quiet < idle else idle)
            return
        self.closing = True
        self.transport.close()


async def serve(host: str, port: int, *, portal=None, ready=None, idle_seconds=IDLE_SECONDS):
    from permits import waiting_room

    loop = asyncio.get_running_loop()
    front = Front(loop, portal, idle_seconds)
    if portal:  # ready with the releases of now: from the first arrival, answered here
        await loop.run_in_executor(None, front.read_releases)
    server = await loop.create_server(lambda: PollConnection(front), host, port, backlog=4096,
                                      reuse_address=True)
    bound = server.sockets[0].getsockname()
    print(f"Waiting room polls on http://{bound[0]}:{bound[1]}{waiting_room.POLL_PREFIX}",
          flush=True)
    if ready is not None:
        ready(bound)
    async with server:
        await server.serve_forever()


def yield_cpu(nice: int) -> None:
    """Lower this process's CPU priority by `nice`. Linux groups a session's processes for
    the scheduler (autogroup) and a process's own nice counts only inside its group, so the
    group's nice is lowered too when this process leads a session of its own (as a service
    manager or a detached start runs it); a shared session keeps its group's nice."""
    if nice <= 0:
        return
    os.nice(nice)
    if os.getsid(0) != os.getpid():
        return
    for _attempt in range(20):
        try:
            group = os.open("/proc/self/autogroup", os.O_WRONLY)
            try:
                os.write(group, str(nice).encode())
            finally:
                os.close(group)
            return
        except BlockingIOError:
            time.sleep(0.1)  # the kernel allows one such change a tenth of a second
        except OSError:
            return  # no autogroup here (another kernel, or a container's cgroup decides)
    logger.warning("The front server's scheduler group kept the portal's priority")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bind", default="127.0.0.1:8001", help="host:port")
    parser.add_argument("--portal", default="",
                        help="host:port of the portal: pass-less bookings are answered here "
                             "or forwarded there (without it, polls only)")
    parser.add_argument("--nice", type=int, default=NICE,
                        help="how far below the portal this server runs on a shared core "
                             "(0: the same priority)")
    parser.add_argument("--idle-seconds", type=float, default=IDLE_SECONDS,
                        help="close a keep-alive connection that sent nothing for this long "
                             "(nginx's keepalive_timeout)")
    args = parser.parse_args(argv)
    yield_cpu(args.nice)
    host, _, port = args.bind.rpartition(":")
    portal = None
    if args.portal:
        portal_host, _, portal_port = args.portal.rpartition(":")
        portal = (portal_host or "127.0.0.1", int(portal_port))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hajjportal.settings")
    import django

    django.setup(set_prefix=False)
    try:
        asyncio.run(serve(host or "127.0.0.1", int(port), portal=portal,
                          idle_seconds=args.idle_seconds))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
