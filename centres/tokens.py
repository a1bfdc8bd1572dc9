"""Kiosk device tokens: random, shown to the device once, kept only as a SHA-256.

The screen keeps its token in a cookie, set by the staff-only "register this screen" page.
"""

import hashlib
import secrets

COOKIE = "kiosk_device"


def token_new() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
