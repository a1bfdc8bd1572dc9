"""The waiting room's poll server: `python -m permits.queue_server --bind 127.0.0.1:8001`.

During a release every waiting pilgrim polls every second or two, so polls outnumber every
other request. Through gunicorn a poll costs about half a millisecond of CPU even before
Django (hajjportal/wsgi.py answers it from the WSGI shim), almost all of it HTTP handling in
Python threads. This server answers only `GET /api/v1/permits/queue/<token>/` on one asyncio
loop: it parses the request line and nothing else it does not need, and answers every poll
that arrived in one turn of the loop with one Redis pipeline (waiting_room.poll_many).
The answers are byte for byte those of the shim (waiting_room.poll_http); the reverse proxy
routes the poll's prefix here (deploy/nginx.conf) and everything else to the portal.

It reads no PostgreSQL and no session: the token is signed with the portal's SECRET_KEY
(waiting_room.poll_token), so it runs with the portal's settings and environment.
"""

import argparse
import asyncio
import logging
import os
import time

logger = logging.getLogger(__name__)

# What a poll's request may weigh: a request line and ordinary headers, never a body.
MAX_HEAD_BYTES = 16 * 1024
# A keep-alive connection with nothing to say for this long is closed (nginx's default).
IDLE_SECONDS = 75.0


class Batch:
    """The requests of one turn of the loop, answered in arrival order after one pipeline."""

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


class PollConnection(asyncio.Protocol):
    def __init__(self, batch: Batch):
        self.batch = batch
        self.buffer = b""
        self.transport = None
        self.idle = None
        self.stopped = False  # a malformed request was seen: nothing after it is read
        self.closing = False

    def connection_made(self, transport):
        self.transport = transport
        self._idle_restart()

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
        self._idle_restart()
        self.buffer += data
        while not self.stopped:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > MAX_HEAD_BYTES:
                    self._refuse(431)
                return
            head, self.buffer = self.buffer[:end], self.buffer[end + 4:]
            self._request(head)

    def _request(self, head: bytes):
        lines = head.split(b"\r\n")
        parts = lines[0].split(b" ")
        if len(parts) != 3 or not parts[2].startswith(b"HTTP/1."):
            self._refuse(400)
            return
        method, target, version = parts
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip().lower()
        if headers.get(b"content-length", b"0") != b"0" or b"transfer-encoding" in headers:
            self._refuse(400)  # a body would be read as the next request: never guess
            return
        connection = headers.get(b"connection", b"")
        keep_alive = (b"close" not in connection if version == b"HTTP/1.1"
                      else b"keep-alive" in connection)
        status, account = self._route(method, target)
        self.batch.add(self, method == b"HEAD", keep_alive, status, account)

    def _route(self, method: bytes, target: bytes):
        path = target.split(b"?", 1)[0].decode("latin-1")
        waiting_room = self.batch.waiting_room
        if not path.startswith(waiting_room.POLL_PREFIX):
            return 404, None
        if method not in (b"GET", b"HEAD"):
            return 405, None
        account = waiting_room.poll_token_read(path[len(waiting_room.POLL_PREFIX):].strip("/"))
        return (404, None) if account is None else (None, account)

    def _refuse(self, status: int):
        """Answer in turn after what came before on this connection, then close it."""
        self.stopped = True
        self.batch.add(self, False, False, status, None)

    def answer(self, status: int, body: dict, *, head_only: bool, keep_alive: bool):
        if self.closing:
            return
        status_line, headers, payload = self.batch.waiting_room.poll_http(status, body)
        if not keep_alive:
            headers.append(("Connection", "close"))
        head = "".join([f"HTTP/1.1 {status_line}\r\n",
                        *(f"{name}: {value}\r\n" for name, value in headers), "\r\n"])
        self.transport.write(head.encode("latin-1") + (b"" if head_only else payload))
        if not keep_alive:
            self.closing = True
            self.transport.close()

    def _idle_restart(self):
        if self.idle is not None:
            self.idle.cancel()
        self.idle = asyncio.get_running_loop().call_later(IDLE_SECONDS, self._idle_close)

    def _idle_close(self):
        self.closing = True
        self.transport.close()


async def serve(host: str, port: int, *, ready=None):
    from permits import waiting_room

    loop = asyncio.get_running_loop()
    batch = Batch(loop, waiting_room)
    server = await loop.create_server(lambda: PollConnection(batch), host, port, backlog=4096,
                                      reuse_address=True)
    bound = server.sockets[0].getsockname()
    print(f"Waiting room polls on http://{bound[0]}:{bound[1]}{waiting_room.POLL_PREFIX}",
          flush=True)
    if ready is not None:
        ready(bound)
    async with server:
        await server.serve_forever()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bind", default="127.0.0.1:8001", help="host:port")
    args = parser.parse_args(argv)
    host, _, port = args.bind.rpartition(":")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hajjportal.settings")
    import django

    django.setup(set_prefix=False)
    try:
        asyncio.run(serve(host or "127.0.0.1", int(port)))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
