"""A local card processor speaking the adapter's protocol (see packages/payments.py).

    python -m devtools.fake_payment_gateway --port 8790 [--settle-after 1.0]
        [--webhook-url URL --webhook-secret S] [--webhook-attempts 5]
        [--webhook-retry-after 1.0] [--no-dedup]

Charges answer at once. Card tokens decide the outcome: "tok_declined" is declined
(insufficient funds), "tok_error" answers 500 (gateway trouble), anything else succeeds.

Refunds (POST /v1/refunds) and payouts (POST /v1/payouts) are asynchronous, like a real
processor's: accepted 202 {"id", "status": "pending", ...}, they settle --settle-after
seconds later, and then the fake POSTs a webhook to --webhook-url, signed with
--webhook-secret (devtools/signed_webhooks.py), retried with doubling delays until it is
answered 2xx or --webhook-attempts are used:

    {"event_id", "type": "refund.settled" | "refund.failed" | "payout.settled" | "payout.failed",
     "id", "key", "amount", "currency", "occurred_at", "reason"}

What fails: a refund or payout of exactly FAILING_AMOUNT (13.13) settles failed (declined by
the issuer), and so does a payout to CLOSED_IBAN (the account is closed). A refund never
takes a charge past its amount (422 exceeds_charge; a failed refund gives its amount back).
A payout's destination is {"type": "card", "charge": "ch_..."} or {"type": "iban", "iban":
"SA..."} (a Saudi IBAN with good check digits, else 422 invalid_iban).

Every operation is kept by Idempotency-Key: a repeat gets the operation as it is now (200)
and moves no money; the same key with another request is refused 409 key_reused.
`--no-dedup` turns that off, charges included (every POST moves money, like a processor
that does not deduplicate), so a test can show the double payment that the status look-up
prevents.
GET /v1/refunds?key=K and /v1/payouts?key=K look a key up (404 unknown_key if never
received). GET /v1/charges, /v1/refunds and /v1/payouts list every one, in the order taken
({"charges" | "refunds" | "payouts": [...], "has_more": false}); with ?limit=N (at most 100)
one page of N, and ?after=<id> the page after that id ("has_more" says if one follows): the
portal's reconciliation reads them so, tests count them whole. A charge listed carries its
"idempotency_key" and "status" ("succeeded" or "declined"), with "amount" and "currency".

For tests driving it as a process: POST /_control/fail-next {"count", "status"} makes the
next requests to /v1/ fail with that status; POST /_control/hold makes the next refund or
payout be accepted but unanswered until POST /_control/release (a worker killed mid-request);
GET /_control/webhooks lists every delivery attempt and its answer.
Uses only the standard library: it runs without Django.
"""

import argparse
import json
import re
import threading
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from devtools.signed_webhooks import post_signed

DECLINED = "tok_declined"
ERROR = "tok_error"
FAILING_AMOUNT = Decimal("13.13")
CLOSED_IBAN = "SA8910000000000000000404"
KINDS = {"refunds": "refund", "payouts": "payout"}
SAUDI_IBAN = re.compile(r"^SA[0-9]{4}[0-9A-Z]{18}$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
HELD_ANSWER_TIMEOUT = 120
MAX_PAGE = 100


class Refusal(Exception):
    def __init__(self, status, error, **details):
        super().__init__(error)
        self.answer = (status, {"error": error, **details})


class FakeGatewayState:
    def __init__(self, *, settle_after=1.0, webhook_url="", webhook_secret="",
                 webhook_attempts=5, webhook_retry_after=1.0, deduplicate=True, on_event=None):
        self.settle_after = settle_after
        self.webhook_url = webhook_url
        self.webhook_secret = webhook_secret
        self.webhook_attempts = webhook_attempts
        self.webhook_retry_after = webhook_retry_after
        self.deduplicate = deduplicate
        self.on_event = on_event  # called with each settlement's event (make run prints them)
        self.charges = {}  # idempotency key -> (status, answer) of its first charge
        self._charge_list = []  # every charge answered, in order (twice a key: --no-dedup)
        self.operations = {"refund": [], "payout": []}  # every one, in order
        self.webhooks = []  # every delivery attempt: {"event", "status"}
        self.lock = threading.Lock()
        self._charges_by_id = {}
        self._by_key = {"refund": {}, "payout": {}}
        self._requests = {"refund": {}, "payout": {}}  # key -> the request it was made with
        self._failures = []
        self._hold_next = False
        self._released = threading.Event()
        self._timers = []

    # --- Charges ------------------------------------------------------------------------

    def charge(self, key, payload):
        with self.lock:
            if key in self.charges and self.deduplicate:
                return self.charges[key]
            token = payload.get("card_token", "")
            if token == ERROR:
                return 500, {"error": "processor unavailable"}
            charge_id = f"ch_{uuid.uuid4().hex[:16]}"
            if token == DECLINED:
                answer = (402, {"id": charge_id, "status": "declined",
                                "reason": "Insufficient funds."})
            else:
                answer = (201, {"id": charge_id, "status": "succeeded",
                                "amount": payload.get("amount"),
                                "currency": payload.get("currency")})
            self.charges.setdefault(key, answer)
            self._charges_by_id[charge_id] = answer[1]
            self._charge_list.append({"idempotency_key": key, **answer[1]})
            return answer

    # --- Refunds and payouts ------------------------------------------------------------

    def create(self, kind, key, payload):
        """One refund or payout request: (status, answer)."""
        hold = False
        with self.lock:
            if not key:
                return 400, {"error": "Idempotency-Key required"}
            first = self._by_key[kind].get(key)
            if first is not None and self.deduplicate:
                if self._requests[kind][key] != payload:
                    return 409, {"error": "key_reused",
                                 "detail": "This Idempotency-Key was used for another request."}
                return 200, dict(first)
            try:
                operation = self._operation(kind, key, payload)
            except Refusal as refusal:
                return refusal.answer
            self.operations[kind].append(operation)
            self._by_key[kind].setdefault(key, operation)
            self._requests[kind].setdefault(key, payload)
            answer = (202, dict(operation))
            timer = _Later(self.settle_after, self._settle, (kind, operation))
            self._timers.append(timer)
            if self._hold_next:
                self._hold_next, hold = False, True
                self._released.clear()
        timer.start()
        if hold:
            _wait_for(self._released, timeout=HELD_ANSWER_TIMEOUT)
        return answer

    def lookup(self, kind, key):
        with self.lock:
            operation = self._by_key[kind].get(key)
            if operation is None:
                return 404, {"error": "unknown_key"}
            return 200, dict(operation)

    def listing(self, kind, query):
        """Every charge, refund or payout (kind "charge", "refund", "payout"), in the order
        taken; one page of them with ?limit= (see _page)."""
        with self.lock:
            if kind == "charge":
                items = [dict(charge) for charge in self._charge_list]
            else:
                items = [dict(operation) for operation in self.operations[kind]]
        try:
            page, has_more = _page(items, query)
        except Refusal as refusal:
            return refusal.answer
        return 200, {f"{kind}s": page, "has_more": has_more}

    def _operation(self, kind, key, payload):
        amount = _amount(payload.get("amount"))
        currency = str(payload.get("currency") or "")
        if not CURRENCY.match(currency):
            raise Refusal(400, "invalid_currency")
        operation = {"id": f"{'re' if kind == 'refund' else 'po'}_{uuid.uuid4().hex[:16]}",
                     "key": key, "status": "pending", "amount": str(amount),
                     "currency": currency, "reason": "", "created_at": _now()}
        if kind == "refund":
            charge = self._captured_charge(payload.get("charge"))
            if charge.get("currency") != currency:
                raise Refusal(422, "currency_mismatch")
            refundable = Decimal(charge["amount"]) - sum(
                (Decimal(other["amount"]) for other in self.operations["refund"]
                 if other["charge"] == charge["id"] and other["status"] != "failed"),
                Decimal(0),
            )
            if amount > refundable:
                raise Refusal(422, "exceeds_charge", refundable=str(refundable))
            operation["charge"] = charge["id"]
        else:
            operation["destination"] = self._destination(payload.get("destination"))
        return operation

    def _captured_charge(self, charge_id):
        charge = self._charges_by_id.get(str(charge_id or ""))
        if charge is None:
            raise Refusal(404, "unknown_charge")
        if charge.get("status") != "succeeded":
            raise Refusal(422, "charge_not_captured")
        return charge

    def _destination(self, destination):
        if not isinstance(destination, dict):
            raise Refusal(400, "invalid_destination")
        if destination.get("type") == "card":
            charge = self._captured_charge(destination.get("charge"))
            return {"type": "card", "charge": charge["id"]}
        if destination.get("type") == "iban":
            iban = str(destination.get("iban") or "")
            if not _valid_saudi_iban(iban):
                raise Refusal(422, "invalid_iban")
            return {"type": "iban", "iban": iban}
        raise Refusal(400, "invalid_destination")

    def _settle(self, kind, operation):
        with self.lock:
            reason = _failure(operation)
            operation["status"] = "failed" if reason else "settled"
            operation["reason"] = reason
            operation["settled_at"] = _now()
            event = {"event_id": f"evt_{uuid.uuid4().hex[:16]}",
                     "type": f"{kind}.{operation['status']}", "id": operation["id"],
                     "key": operation["key"], "amount": operation["amount"],
                     "currency": operation["currency"], "occurred_at": operation["settled_at"],
                     "reason": reason}
        if self.on_event is not None:
            self.on_event(event)
        if self.webhook_url:
            self._deliver(event)

    def _deliver(self, event):
        """POST the signed event until it is answered 2xx; the same event_id every time."""
        delay = self.webhook_retry_after
        for attempt in range(self.webhook_attempts):
            if attempt:
                time.sleep(delay)
                delay *= 2
            try:
                status, _body = post_signed(self.webhook_url, event, self.webhook_secret,
                                            timeout=10)
            except OSError as exc:
                status = f"unreachable: {exc}"
            with self.lock:
                self.webhooks.append({"event": event, "status": status})
            if isinstance(status, int) and 200 <= status < 300:
                return

    # --- Test controls ------------------------------------------------------------------

    def fail_next(self, count, status=500):
        with self.lock:
            self._failures.extend([status] * count)

    def injected_failure(self):
        with self.lock:
            if self._failures:
                return self._failures.pop(0), {"error": "injected failure"}
        return None

    def hold_next(self):
        """Accept the next refund or payout (its money moves) but answer it only on
        release(): the window in which a caller that dies never learns it was accepted."""
        with self.lock:
            self._hold_next = True
            self._released.clear()

    def release(self):
        self._released.set()

    def stop(self):
        self.release()
        for timer in self._timers:
            timer.cancel()


class _Later(threading.Thread):
    """threading.Timer's job, waiting with time.sleep. A Timer (like Event.wait with a
    timeout) waits on a lock until an absolute monotonic deadline, which libfaketime does
    not translate: under a moved clock (CI's moved-clock runs) it never fires. Sleeps are
    moved consistently."""

    def __init__(self, delay, function, args):
        super().__init__(daemon=True)
        self.delay, self.function, self.args = delay, function, args
        self.cancelled = threading.Event()

    def cancel(self):
        self.cancelled.set()

    def run(self):
        if _wait_for(self.cancelled, timeout=self.delay):
            return
        self.function(*self.args)


def _wait_for(event, *, timeout) -> bool:
    """event.wait(timeout) by polling with time.sleep (see _Later): True once it is set."""
    deadline = time.monotonic() + timeout
    while not event.is_set():
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        time.sleep(min(left, 0.01))
    return True


def _amount(value):
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise Refusal(400, "invalid_amount") from None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise Refusal(400, "invalid_amount")
    return amount


def _page(items, query):
    """?after=<id>&limit=N: at most N items following the one with that id, and whether more
    follow (a processor's settlement report is read page by page). No limit: all of them."""
    after = query.get("after", [""])[0]
    if after:
        ids = [item.get("id") for item in items]
        if after not in ids:
            raise Refusal(400, "unknown_cursor")
        items = items[ids.index(after) + 1:]
    limit = query.get("limit", [""])[0]
    if not limit:
        return items, False
    if not limit.isdigit() or not 1 <= int(limit) <= MAX_PAGE:
        raise Refusal(400, "invalid_limit", maximum=MAX_PAGE)
    return items[:int(limit)], len(items) > int(limit)


def _valid_saudi_iban(iban):
    """ISO 13616: the Saudi structure, and mod 97 of the rearranged number is 1."""
    if not SAUDI_IBAN.match(iban):
        return False
    return int("".join(str(int(char, 36)) for char in iban[4:] + iban[:4])) % 97 == 1


def _failure(operation):
    if Decimal(operation["amount"]) == FAILING_AMOUNT:
        return "Declined by the card issuer."
    if operation.get("destination", {}).get("iban") == CLOSED_IBAN:
        return "The beneficiary's account is closed."
    return ""


def _now():
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def make_handler(state):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's naming)
            path = urlsplit(self.path).path
            try:
                payload = self._payload()
            except ValueError:
                return self._send(400, {"error": "invalid json"})
            if path.startswith("/_control/"):
                return self._control(path, payload)
            failure = state.injected_failure()
            if failure:
                return self._send(*failure)
            key = self.headers.get("Idempotency-Key", "")
            if path == "/v1/charges":
                if not key:
                    return self._send(400, {"error": "Idempotency-Key required"})
                return self._send(*state.charge(key, payload))
            kind = KINDS.get(path.removeprefix("/v1/"))
            if kind is None:
                return self._send(404, {"error": "not found"})
            self._send(*state.create(kind, key, payload))

        def do_GET(self):  # noqa: N802
            url = urlsplit(self.path)
            if url.path == "/_control/webhooks":
                with state.lock:
                    return self._send(200, {"webhooks": list(state.webhooks)})
            failure = state.injected_failure()
            if failure:
                return self._send(*failure)
            query = parse_qs(url.query)
            if url.path == "/v1/charges":
                return self._send(*state.listing("charge", query))
            kind = KINDS.get(url.path.removeprefix("/v1/"))
            if kind is None:
                return self._send(404, {"error": "not found"})
            keys = query.get("key")
            if keys:
                return self._send(*state.lookup(kind, keys[0]))
            self._send(*state.listing(kind, query))

        def _control(self, path, payload):
            if path == "/_control/fail-next":
                state.fail_next(int(payload.get("count", 1)), int(payload.get("status", 500)))
            elif path == "/_control/hold":
                state.hold_next()
            elif path == "/_control/release":
                state.release()
            else:
                return self._send(404, {"error": "not found"})
            self._send(200, {"ok": True})

        def _payload(self):
            length = int(self.headers.get("Content-Length") or 0)
            payload = json.loads(self.rfile.read(length) or b"{}")
            if not isinstance(payload, dict):
                raise ValueError("not an object")
            return payload

        def _send(self, status, body):
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the caller gave up (a timeout, a killed worker): accepted all the same

        def log_message(self, *args):
            pass

    return Handler


def make_server(host="127.0.0.1", port=0, **options):
    """The server, not yet serving; `options` are FakeGatewayState's."""
    state = FakeGatewayState(**options)
    server = ThreadingHTTPServer((host, port), make_handler(state))
    server.daemon_threads = True
    server.state = state
    return server


def _print_event(event):
    print(f"{event['type']}: {event['id']} {event['amount']} {event['currency']} "
          f"{event['reason']}".rstrip(), flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--settle-after", type=float, default=1.0,
                        help="seconds before a refund or payout settles (or fails)")
    parser.add_argument("--webhook-url", default="",
                        help="where settlements are POSTed, signed (none: not sent)")
    parser.add_argument("--webhook-secret", default="")
    parser.add_argument("--webhook-attempts", type=int, default=5)
    parser.add_argument("--webhook-retry-after", type=float, default=1.0,
                        help="seconds before the first retry of a webhook, doubling after")
    parser.add_argument("--no-dedup", action="store_true",
                        help="move money on every POST, even with a repeated Idempotency-Key")
    args = parser.parse_args(argv)
    if args.webhook_url and not args.webhook_secret:
        parser.error("--webhook-url needs --webhook-secret")
    server = make_server(
        args.host, args.port, settle_after=args.settle_after, webhook_url=args.webhook_url,
        webhook_secret=args.webhook_secret, webhook_attempts=args.webhook_attempts,
        webhook_retry_after=args.webhook_retry_after, deduplicate=not args.no_dedup,
        on_event=_print_event,
    )
    print(f"Fake payment gateway on http://{args.host}:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.state.stop()
        server.server_close()


if __name__ == "__main__":
    main()
