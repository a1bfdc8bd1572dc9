"""How the local fakes of outside systems sign the requests they send to the portal.

The convention is portal/signing.py's, written again here from its description, with the
standard library only, as the permit authority or the payment gateway would write it:

    X-Timestamp: <Unix time, whole seconds>
    X-Signature: hex(HMAC-SHA256(secret, "<X-Timestamp>." + raw body))

The tests check that what these fakes send verifies with portal.signing.verify.
"""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request


def signature_headers(body: bytes, secret: str, timestamp: int | None = None) -> dict:
    stamp = str(int(time.time() if timestamp is None else timestamp))
    digest = hmac.new(secret.encode("utf-8"), stamp.encode("ascii") + b"." + body,
                      hashlib.sha256).hexdigest()
    return {"X-Timestamp": stamp, "X-Signature": digest}


def post_signed(url: str, payload: dict, secret: str, *, timeout: float = 10.0,
                timestamp: int | None = None) -> tuple[int, bytes]:
    """POST `payload` as JSON, signed; returns (status, answer body). Raises OSError
    (urllib.error.URLError) when nothing answered."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=body, method="POST",
        headers={"Content-Type": "application/json",
                 **signature_headers(body, secret, timestamp)},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
