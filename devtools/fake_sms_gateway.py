"""A local SMS gateway speaking the protocol of HttpGatewayBackend, for development and tests.

    python -m devtools.fake_sms_gateway --port 8791 [--no-dedup]

Send: POST JSON {to, from, text, reference, idempotency_key} with `Authorization: Bearer
<token>`; answers 200 {"id"}. Status lookup: GET <same URL>?idempotency_key=K with the same
token; answers 200 {"id", "status"} for a key it received, 404 {"error": "unknown_key"} for
one it never did. By default it deduplicates by key like most gateways (a repeat gets the
first id and is not delivered again); `--no-dedup` (deduplicate=False) delivers every POST,
like the gateways that do not, so a double send shows. Tests can make it fail the next
requests, answer slowly, or hold its answers after accepting (a worker killed mid-send).

Inbound (a person texting the portal's number): with `--inbound-url` (the portal's webhook,
/api/v1/notifications/sms/inbound/) and `--inbound-secret`, the gateway signs each message
as portal/signing.py describes and posts {id, from, text, received_at} there. A message is
handed to it by POST /inbound (JSON {from, text}, the same bearer token; answers the
portal's status and answer), e.g. by `manage.py sms_inbound`, or typed into the form at
GET /inbound (development only: the form has no token).
Uses only the standard library: it runs without Django.
"""

import argparse
import html
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from devtools.signed_webhooks import post_signed

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
    inbound_url: str = ""  # the portal's webhook of inbound SMS
    inbound_secret: str = ""
    inbound: list = field(default_factory=list)  # (payload, status, answer) of each posted
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

    def receive(self, sender: str, text: str, message_id: str = "",
                received_at: datetime | None = None) -> tuple[int, dict]:
        """A person texted `text` from `sender`: post it, signed, to the portal; returns the
        portal's (status, answer). The same `message_id` again is the gateway retrying."""
        if not self.inbound_url:
            return 503, {"error": "no inbound URL configured (--inbound-url)"}
        payload = {"id": message_id or f"in-{uuid.uuid4().hex[:16]}", "from": sender,
                   "text": text,
                   "received_at": (received_at or datetime.now(UTC)).isoformat()}
        try:
            status, raw = post_signed(self.inbound_url, payload, self.inbound_secret)
        except OSError as error:
            return 502, {"error": f"the portal did not answer: {error}"}
        try:
            answer = json.loads(raw or b"null")
        except ValueError:
            answer = {"error": raw[:200].decode("utf-8", "replace")}
        with self._lock:
            self.inbound.append((payload, status, answer))
        return status, answer

    def handle_inbound(self, headers, body) -> tuple[int, dict]:
        """POST /inbound: a message handed to the gateway by a tool (token required)."""
        if headers.get("authorization") != f"Bearer {self.token}":
            return 401, {"error": "bad token"}
        if not isinstance(body, dict) or not body.get("from") or not body.get("text"):
            return 400, {"error": "from and text are required"}
        status, answer = self.receive(str(body["from"]), str(body["text"]),
                                      str(body.get("id") or ""))
        return 200, {"portal_status": status, "portal_answer": answer}

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
            path = urlsplit(self.path).path
            if path == "/inbound/form":
                form = parse_qs(raw.decode("utf-8", "replace"))
                status, answer = gateway.receive((form.get("from") or [""])[0].strip(),
                                                 (form.get("text") or [""])[0])
                self._page(_form_page(f"{status} {json.dumps(answer, ensure_ascii=False)}"))
                return
            try:
                body = json.loads(raw or b"null")
            except ValueError:
                body = None
            if path == "/inbound":
                self._answer(*gateway.handle_inbound(self._headers(), body))
                return
            self._answer(*gateway.handle(self._headers(), body))

        def do_GET(self):  # noqa: N802
            if urlsplit(self.path).path == "/inbound":
                self._page(_form_page(""))
                return
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

        def _page(self, page: str):
            payload = page.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format, *args):  # quiet: failures show, not traffic
            pass

    return Handler


def make_server(gateway: FakeSmsGateway, host="127.0.0.1", port=0) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, port), make_handler(gateway))
    server.daemon_threads = True
    gateway.url = f"http://{host}:{server.server_address[1]}/messages"
    return server


def _form_page(result: str) -> str:
    """The page on which a developer texts the portal as a person would."""
    shown = f"<p>Portal answered: <code>{html.escape(result)}</code></p>" if result else ""
    return ("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">"
            "<title>Fake SMS gateway: text the portal</title>"
            "<h1>Text the portal</h1>"
            "<p>The reply arrives as an outgoing SMS (the portal's SMS log, or this gateway's "
            "output).</p>" + shown +
            "<form method=\"post\" action=\"/inbound/form\">"
            "<p><label>From (E.164) <input name=\"from\" required "
            "placeholder=\"+9665XXXXXXXX\"></label></p>"
            "<p><label>Text <input name=\"text\" required size=\"40\" "
            "placeholder=\"STATUS H1448-000001\"></label></p>"
            "<p><button type=\"submit\">Send</button></p></form></html>")


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
    parser.add_argument("--inbound-url", default="",
                        help="the portal's webhook of inbound SMS")
    parser.add_argument("--inbound-secret", default="dev-sms-gateway-webhook-secret",
                        help="the secret signing what is posted to it")
    args = parser.parse_args(argv)
    gateway = FakeSmsGateway(token=args.token, deduplicate=not args.no_dedup,
                             on_deliver=_print_delivery, inbound_url=args.inbound_url,
                             inbound_secret=args.inbound_secret)
    server = make_server(gateway, args.host, args.port)
    print(f"Fake SMS gateway on {gateway.url}", flush=True)
    if gateway.inbound_url:
        print(f"Text the portal at {gateway.url.rsplit('/', 1)[0]}/inbound", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
