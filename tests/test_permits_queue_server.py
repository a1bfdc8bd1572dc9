"""The poll server (permits/queue_server.py), a process of its own as in production: it
answers the waiting room's poll as the WSGI shim does, keeps connections alive, answers
pipelined requests in order, refuses what is not a poll, and says 503 when Redis is gone."""

import io
import json
import os
import socket
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from hajjportal import wsgi
from tests.factories.permits import release_of, release_slots

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("waiting_room")]


def start(*options, **env):
    process = subprocess.Popen(
        [sys.executable, "-m", "permits.queue_server", "--bind", "127.0.0.1:0", *options],
        env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = process.stdout.readline()  # "Waiting room polls on http://127.0.0.1:PORT/..."
    assert line.startswith("Waiting room polls on"), line
    return process, int(line.split("http://127.0.0.1:")[1].split("/")[0])


@pytest.fixture
def server():
    process, port = start()
    yield port
    process.terminate()
    process.wait(timeout=10)


def exchange(port, raw: bytes, answers=1) -> list[tuple[int, dict, dict | None]]:
    """Send raw bytes on one connection and read `answers` HTTP answers back."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(raw)
        stream = sock.makefile("rb")
        found = []
        for _ in range(answers):
            status = int(stream.readline().split()[1])
            headers = {}
            while (line := stream.readline().strip()):
                name, _, value = line.decode().partition(":")
                headers[name.strip()] = value.strip()
            body = stream.read(int(headers["Content-Length"])) if not raw.startswith(
                b"HEAD") else b""
            found.append((status, headers, json.loads(body) if body else None))
        return found


def shim(path):
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "SERVER_NAME": "testserver",
               "SERVER_PORT": "80", "wsgi.input": io.BytesIO(b""), "wsgi.url_scheme": "http",
               "wsgi.errors": io.StringIO()}
    started = []
    body = b"".join(wsgi.application(environ, lambda status, headers: started.append(
        (status, dict(headers)))))
    return int(started[0][0].split()[0]), started[0][1], json.loads(body)


def get(path: str, connection="") -> bytes:
    extra = f"Connection: {connection}\r\n" if connection else ""
    return f"GET {path} HTTP/1.1\r\nHost: portal\r\n{extra}\r\n".encode()


@pytest.fixture
def line(rawdah_men, waiting_room):
    """A release open a second ago admitting one a second, and three accounts in its line."""
    release = waiting_room.release_info(release_of(
        release_slots(rawdah_men, count=1, capacity=5),
        opens_at=timezone.now() - timedelta(seconds=1), admit_per_second=1).pk)
    for user_id in (41, 42, 43):
        waiting_room.join(release, user_id=user_id, now=release.opens_at)
    return release


def test_a_poll_is_answered_as_the_shim_answers_it(server, line, waiting_room):
    path = waiting_room.poll_path(release_id=line.id, user_id=43)

    [(status, headers, body)] = exchange(server, get(path))

    shim_status, shim_headers, shim_body = shim(path)
    assert (status, body["state"], body["position"]) == (200, "waiting", 2)
    assert (shim_status, shim_body["state"], shim_body["position"]) == (200, "waiting", 2)
    assert set(body) == set(shim_body)
    assert headers["Retry-After"] == shim_headers["Retry-After"] == str(body["retry_after_s"])
    assert headers["Cache-Control"] == "no-store"
    assert headers["Content-Type"] == "application/json"


def test_pipelined_polls_on_one_connection_are_answered_in_order(server, line, waiting_room):
    first = waiting_room.poll_path(release_id=line.id, user_id=42)
    forged = first.replace(f"/{line.id}.42:", f"/{line.id}.43:")
    last = waiting_room.poll_path(release_id=line.id, user_id=43)

    answers = exchange(server, get(first) + get(forged) + get(last, "close"), answers=3)

    assert [status for status, _, _ in answers] == [200, 404, 200]
    assert answers[0][2]["position"] == 1 and answers[2][2]["position"] == 2
    assert answers[1][2] == {"code": "not_found", "detail": "Unknown queue token."}
    assert answers[2][1]["Connection"] == "close"


def test_what_is_not_a_poll_is_refused(server, line, waiting_room):
    path = waiting_room.poll_path(release_id=line.id, user_id=42)

    [(post, _, _)] = exchange(server, f"POST {path} HTTP/1.1\r\nHost: p\r\n\r\n".encode())
    [(other, _, _)] = exchange(server, get("/api/v1/permits/bookings/"))
    [(with_body, headers, _)] = exchange(
        server, f"GET {path} HTTP/1.1\r\nContent-Length: 2\r\n\r\n{{}}".encode())
    [(garbage, _, _)] = exchange(server, b"\x16\x03\x01 hello\r\n\r\n")

    assert (post, other, with_body, garbage) == (405, 404, 400, 400)
    assert headers["Connection"] == "close"


def test_head_answers_the_headers_alone(server, line, waiting_room):
    path = waiting_room.poll_path(release_id=line.id, user_id=42)

    [(status, headers, body)] = exchange(server, f"HEAD {path} HTTP/1.1\r\n\r\n".encode())

    assert (status, body) == (200, None)
    assert int(headers["Content-Length"]) > 0


def test_without_redis_the_poll_says_the_queue_cannot_be_reached(line, waiting_room):
    path = waiting_room.poll_path(release_id=line.id, user_id=42)
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        nobody = closed.getsockname()[1]
    process, port = start(REDIS_URL=f"redis://127.0.0.1:{nobody}/0", WAITING_ROOM_REDIS_URL="")
    try:
        [(status, _, body)] = exchange(port, get(path))
    finally:
        process.terminate()
        process.wait(timeout=10)

    assert (status, body["code"]) == (503, "queue_unavailable")


def test_a_connection_is_kept_while_it_talks_and_closed_once_it_is_quiet(line, waiting_room):
    path = waiting_room.poll_path(release_id=line.id, user_id=42)
    process, port = start("--idle-seconds", "1")
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            stream = sock.makefile("rb")
            for _ in range(5):  # 2 s of polls, 0.4 s apart: longer than the idle time
                sock.sendall(get(path))
                assert stream.readline().startswith(b"HTTP/1.1 200")
                length = 0
                while (header := stream.readline().strip()):
                    if header.lower().startswith(b"content-length:"):
                        length = int(header.split(b":")[1])
                stream.read(length)
                time.sleep(0.4)
            quiet_from = time.monotonic()
            assert stream.read() == b""  # the server closed it
            closed_after = time.monotonic() - quiet_from
    finally:
        process.terminate()
        process.wait(timeout=10)

    assert 0.5 <= closed_after < 3
