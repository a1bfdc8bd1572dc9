"""The portal as real processes for tests: free ports, gunicorn servers, and a pilgrim who
talks to one of them over a keep-alive connection (the app's token, and a web session)."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie

from django.conf import settings

from tests.factories.accounts import PASSWORD
from tests.fixtures.worker import django_subprocess_env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str, timeout=30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{what} exited at start")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{what} not listening after {timeout}s")


class Servers:
    """gunicorn servers (DEBUG off, 1 worker x 4 threads) on this test's database: start()
    returns the port of a new one; stop_all() stops them all (each in its own group)."""

    def __init__(self, log_dir):
        self.log_dir = log_dir
        self.running = []

    def start(self, **env) -> int:
        port = free_port()
        log = open(self.log_dir / f"gunicorn-{port}.log", "wb")  # noqa: SIM115 (stop_all)
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "hajjportal.wsgi", "-b", f"127.0.0.1:{port}",
             "-w", "1", "-k", "gthread", "--threads", "4", "--log-level", "warning",
             # Idle keep-alive connections kept as a proxy keeps them (gunicorn's own 2 s
             # closes a pilgrim's connection while a loaded machine prepares the next call).
             "--keep-alive", "75"],
            cwd=settings.BASE_DIR, stdout=log, stderr=subprocess.STDOUT,
            env=django_subprocess_env(DEBUG="0", **env), start_new_session=True)
        self.running.append((server, log))
        wait_for_port(port, server, "gunicorn")
        return port

    def stop_all(self) -> None:
        for server, log in self.running:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
            log.close()
        self.running = []


class Visitor:
    """One pilgrim on one keep-alive connection: the app's token, and a web session."""

    def __init__(self, port, user):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.user = user
        self.token = None
        self.cookies = SimpleCookie()

    def call(self, method, path, body=None, **headers):
        headers = {"Accept-Language": "en", **headers}
        if self.token:
            headers["X-Session-Token"] = self.token
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        if body is not None:
            body, headers["Content-Type"] = json.dumps(body), "application/json"
        self.conn.request(method, path, body, headers)
        response = self.conn.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        return response.status, content

    def log_in_app(self):
        """The mobile app's sign-in: a session token for the API."""
        status, content = self.call("POST", "/_allauth/app/v1/auth/login",
                                    {"email": self.user.email, "password": PASSWORD})
        assert status == 200, content
        self.token = json.loads(content)["meta"]["session_token"]

    def log_in_web(self):
        """The browser's sign-in: the web session comes with the login's cookie (and the
        CSRF cookie with the form before it)."""
        self.call("GET", "/accounts/login/")
        csrf = self.cookies["csrftoken"].value
        self.conn.request("POST", "/accounts/login/",
                          f"login={self.user.email}&password={PASSWORD}",
                          {"Content-Type": "application/x-www-form-urlencoded",
                           "Cookie": f"csrftoken={csrf}", "X-CSRFToken": csrf,
                           "Referer": "http://127.0.0.1/accounts/login/"})
        response = self.conn.getresponse()
        response.read()
        assert response.status == 302, response.status
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
