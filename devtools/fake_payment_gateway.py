"""A local card processor speaking the adapter's protocol (see packages/payments.py).

    python -m devtools.fake_payment_gateway --port 8790

Card tokens decide the outcome: "tok_declined" is declined (insufficient funds),
"tok_error" answers 500 (gateway trouble), anything else succeeds. Charges are kept in
memory by Idempotency-Key, so a repeat returns the first answer. GET /v1/charges lists them.
Uses only the standard library: it runs without Django.
"""

import argparse
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DECLINED = "tok_declined"
ERROR = "tok_error"


class FakeGatewayState:
    def __init__(self):
        self.charges = {}
        self.lock = threading.Lock()

    def charge(self, key, payload):
        with self.lock:
            if key in self.charges:
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
            self.charges[key] = answer
            return answer


def make_handler(state):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's naming)
            if self.path != "/v1/charges":
                return self._send(404, {"error": "not found"})
            key = self.headers.get("Idempotency-Key", "")
            length = int(self.headers.get("Content-Length") or 0)
            try:
                payload = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                return self._send(400, {"error": "invalid json"})
            if not key:
                return self._send(400, {"error": "Idempotency-Key required"})
            self._send(*state.charge(key, payload))

        def do_GET(self):  # noqa: N802
            if self.path != "/v1/charges":
                return self._send(404, {"error": "not found"})
            with state.lock:
                listing = [{"idempotency_key": key, **body}
                           for key, (_status, body) in state.charges.items()]
            self._send(200, {"charges": listing})

        def _send(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    return Handler


def make_server(host="127.0.0.1", port=0):
    state = FakeGatewayState()
    server = ThreadingHTTPServer((host, port), make_handler(state))
    server.state = state
    return server


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8790)
    args = parser.parse_args(argv)
    server = make_server(args.host, args.port)
    print(f"Fake payment gateway on http://{args.host}:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
