"""A local fake of the permit authority's system, reporting Hajj permits to the portal.

    python -m devtools.fake_permit_authority --portal http://127.0.0.1:8000 \\
        --secret dev-permit-authority-webhook-secret \\
        send --request H1448-000123 --event printed [--permit-number N] [--reason TEXT] \\
        [--event-id ID] [--occurred-at 2026-05-20T09:00:00Z]

POSTs {"event_id", "event": "issued" | "printed" | "refused", "request", "permit_number",
"reason", "occurred_at"} to {portal}/api/v1/permits/authority/events/, signed as
portal/signing.py describes (devtools/signed_webhooks.py), prints the portal's answer, and
exits 0 on 2xx, 1 on any other answer, 2 when the portal does not answer. The permit number,
unless given, is derived from the request reference, so "issued" and then "printed" of one
request carry the same number without the fake keeping anything; a refusal carries none.

From a test: send_event(portal_url, secret, request=..., event=...) -> Sent(status, answer,
event); send_payload(...) sends any payload as it is (for the portal's refusals of bad ones).
Uses only the standard library: it runs without Django.
"""

import argparse
import hashlib
import json
import sys
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from devtools.signed_webhooks import post_signed

EVENTS_PATH = "/api/v1/permits/authority/events/"
EVENTS = ("issued", "printed", "refused")


@dataclass(frozen=True)
class Sent:
    status: int
    answer: object  # the portal's JSON answer, or its text if it was not JSON
    event: dict


def permit_number_for(request: str) -> str:
    """The number the fake authority gives the permit of `request`: the same every time."""
    return "MOI" + str(int(hashlib.sha256(request.encode()).hexdigest(), 16))[:10]


def event_payload(*, request: str, event: str, permit_number: str | None = None,
                  reason: str = "", event_id: str | None = None,
                  occurred_at: datetime | str | None = None) -> dict:
    if event not in EVENTS:
        raise ValueError(f"event must be one of {', '.join(EVENTS)}, not {event!r}")
    if permit_number is None:
        permit_number = "" if event == "refused" else permit_number_for(request)
    occurred_at = occurred_at or datetime.now(UTC)
    if isinstance(occurred_at, datetime):
        occurred_at = occurred_at.astimezone(UTC).isoformat(timespec="seconds")
        occurred_at = occurred_at.replace("+00:00", "Z")
    return {"event_id": event_id or str(uuid.uuid4()), "event": event, "request": request,
            "permit_number": permit_number, "reason": reason, "occurred_at": occurred_at}


def send_payload(portal_url: str, secret: str, payload: dict, *, timestamp: int | None = None,
                 timeout: float = 10.0) -> Sent:
    """POST `payload` as it is, signed with `secret` at `timestamp` (Unix seconds; now if
    None). Raises OSError when the portal does not answer."""
    url = portal_url.rstrip("/") + EVENTS_PATH
    status, body = post_signed(url, payload, secret, timeout=timeout, timestamp=timestamp)
    try:
        answer = json.loads(body) if body else None
    except ValueError:
        answer = body.decode("utf-8", errors="replace")
    return Sent(status=status, answer=answer, event=payload)


def send_event(portal_url: str, secret: str, *, request: str, event: str,
               permit_number: str | None = None, reason: str = "", event_id: str | None = None,
               occurred_at: datetime | str | None = None, timestamp: int | None = None,
               timeout: float = 10.0) -> Sent:
    """Report one permit event for the Hajj request `request` to the portal."""
    payload = event_payload(request=request, event=event, permit_number=permit_number,
                            reason=reason, event_id=event_id, occurred_at=occurred_at)
    return send_payload(portal_url, secret, payload, timestamp=timestamp, timeout=timeout)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portal", required=True, help="the portal's base URL")
    parser.add_argument("--secret", required=True, help="the secret the events are signed with")
    commands = parser.add_subparsers(dest="command", required=True)
    send = commands.add_parser("send", help="report one permit event")
    send.add_argument("--request", required=True, help="the portal's Hajj request reference")
    send.add_argument("--event", required=True, choices=EVENTS)
    send.add_argument("--permit-number", default=None)
    send.add_argument("--reason", default="")
    send.add_argument("--event-id", default=None, help="to send an event again (a retry)")
    send.add_argument("--occurred-at", default=None, help="ISO 8601; now if not given")
    args = parser.parse_args(argv)
    try:
        sent = send_event(args.portal, args.secret, request=args.request, event=args.event,
                          permit_number=args.permit_number, reason=args.reason,
                          event_id=args.event_id, occurred_at=args.occurred_at)
    except OSError as exc:
        print(f"The portal did not answer: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(sent.event, ensure_ascii=False))
    print(f"-> {sent.status} {json.dumps(sent.answer, ensure_ascii=False)}")
    return 0 if 200 <= sent.status < 300 else 1


if __name__ == "__main__":
    sys.exit(main())
