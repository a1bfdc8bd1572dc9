"""A local SMS gateway speaking the protocol of HttpGatewayBackend, for development and tests.

    python -m devtools.fake_sms_gateway --port 8791 [--no-dedup]

Send: POST JSON {to, from, text, reference, idempotency_key} with `Authorization: Bearer
<token>`; answers 200 {"id"}. Status lookup: GET <same URL>?idempotency_key=K with the same
token; answers 200 {"id", "status"} for a key it received, 404 {"error": "unknown_key"} for
one it never did. By default it deduplicates by key like most gateways (a repeat gets the
first id and is not delivered again); `--no-dedup` (deduplicate=False) delivers every POST,
like the gateways that do not, so a double send shows. Tests can make it fail the next
requests, answer slowly, or hold its answers after accepting (a worker killed mid-send).
Uses only the standard library: it runs without Django.
"""

import argparse
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

DEFAULT_TOKEN = "dev-sms-gateway-token"


@dataclass
class FakeSmsGateway:
    url: str = ""
    token: str = DEFAULT_TOKEN
    deduplicate: bool = True
    delay_seconds: float = 0.0
    requests: list = field(default_factory=list)  # every POST, accepted or not
    lookups: list = field(default_factory=list)  # every GET of a key's status
    delivered: list = field(default_factory=list)  # the SMS that reached a phone
    accepted: threading.Event = field(default_factory=threading.Event)
    on_deliver: object = None  # called with each delivered body (make run prints them)
    _ids_by_key: dict = field(default_factory=dict)
    _failures: list = field(default_factory=list)
    _held: threading.Event | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, count: int, status: int = 500) -> None:
        with self._lock:
            self._failures.extend([status] * count)

    def hold_answers(self) -> None:
        """Accept (deliver) the next SMS but answer nobody until release(): the window in
        which a worker that dies has sent an SMS it never recorded."""
        self.accepted.clear()
        self._held = threading.Event()

    def release(self) -> None:
        if self._held is not None:
            self._held.set()
            self._held = None

    def wait_for_deliveries(self, count: int, timeout: float = 30.0) -> list:
        """Wait (bounded) until `count` SMS were delivered; return them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.delivered) >= count:
                    return list(self.delivered)
            time.sleep(0.05)
        raise AssertionError(
            f"gateway got {len(self.delivered)} SMS, expected {count} within {timeout}s "
            f"({len(self.requests)} requests)"
        )

    def handle(self, headers, body) -> tuple[int, dict]:
        """One send: returns (status, JSON answer). Runs in the server's thread."""
        time.sleep(self.delay_seconds)
        with self._lock:
            self.requests.append({"headers": headers, "body": body})
            refusal = self._refusal(headers)
            if refusal:
                return refusal
            if not isinstance(body, dict) or not all(
                body.get(name) for name in ("to", "text", "idempotency_key")
            ):
                return 400, {"error": "to, text and idempotency_key are required"}
            key = body["idempotency_key"]
            if key not in self._ids_by_key or not self.deduplicate:
                self._ids_by_key[key] = f"gw-{uuid.uuid4().hex[:12]}"
                self.delivered.append(body)
                if self.on_deliver is not None:
                    self.on_deliver(body)
            answer = 200, {"id": self._ids_by_key[key]}
            held = self._held
        self.accepted.set()
        if held is not None:
            held.wait(timeout=60)
        return answer

    def lookup(self, headers, key) -> tuple[int, dict]:
        """One status lookup: 200 for a key received (in any state), 404 for one never seen."""
        time.sleep(self.delay_seconds)
        with self._lock:
            self.lookups.append({"headers": headers, "key": key})
            refusal = self._refusal(headers)
            if refusal:
                return refusal
            if not key:
                return 400, {"error": "idempotency_key is required"}
            if key not in self._ids_by_key:
                return 404, {"error": "unknown_key"}
            return 200, {"id": self._ids_by_key[key], "status": "delivered"}

    def _refusal(self, headers) -> tuple[int, dict] | None:
        if headers.get("authorization") != f"Bearer {self.token}":
            return 401, {"error": "bad token"}
        if self._failures:
            return self._failures.pop(0), {"error": "injected failure"}
        return None


def make_handler(gateway: FakeSmsGateway):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw or b"null")
            except ValueError:
                body = None
            self._answer(*gateway.handle(self._headers(), body))

        def do_GET(self):  # noqa: N802
            query = parse_qs(urlsplit(self.path).query)
            key = (query.get("idempotency_key") or [""])[0]
            self._answer(*gateway.lookup(self._headers(), key))

        def _headers(self) -> dict:
            return {name.lower(): value for name, value in self.headers.items()}

        def _answer(self, status, answer):
            payload = json.dumps(answer).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client died after sending (a killed worker): accepted all the same

        def log_message(self, format, *args):  # quiet: failures show, not traffic
            pass

    return Handler


def make_server(gateway: FakeSmsGateway, host="127.0.0.1", port=0) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, port), make_handler(gateway))
    server.daemon_threads = True
    gateway.url = f"http://{host}:{server.server_address[1]}/messages"
    return server


def _print_delivery(body) -> None:
    # The last four digits only, as the portal's own logs do.
    print(f"SMS to ...{str(body.get('to', ''))[-4:]}: {body.get('text', '')}", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--no-dedup", action="store_true",
                        help="deliver every POST, even a repeated idempotency key")
    args = parser.parse_args(argv)
    gateway = FakeSmsGateway(token=args.token, deduplicate=not args.no_dedup,
                             on_deliver=_print_delivery)
    server = make_server(gateway, args.host, args.port)
    print(f"Fake SMS gateway on {gateway.url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
