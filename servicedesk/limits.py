"""The public inquiry's limit: the guesser pays, never the reference's owner.

Failed look-ups are counted per client address (`accounts.limits.client_ip`, so a
client-set X-Forwarded-For changes nothing). After `INQUIRY_FREE_FAILURES` of them the address
waits `INQUIRY_FIRST_WAIT_SECONDS` before its next inquiry, twice as long after each further
failure, up to `INQUIRY_MAX_WAIT_SECONDS`; a day without a failure (`INQUIRY_FORGET_SECONDS`)
forgets them. A reference is never locked, so whatever anyone tries against it, its owner
still looks it up; a success does not clear the address's failures, so a guesser cannot
reset the wait by looking up a reference of their own in between.

The counts live in the cache (Redis), like allauth's login limits, and like them the limit
fails closed: while Redis is down the counts cannot be read, so nobody's inquiry is answered
(a translated "briefly unavailable") rather than everybody's guesses going unlimited.
"""

import math

from django.conf import settings
from django.core.cache import cache

from hajjportal.cache import cache_failures


def _keys(ip: str) -> tuple[str, str]:
    return f"servicedesk:inquiry:failures:{ip}", f"servicedesk:inquiry:last-failure:{ip}"


def wait_after(failures: int) -> int:
    """Seconds an address waits after its `failures`th failure."""
    over = failures - settings.INQUIRY_FREE_FAILURES
    if over < 0:
        return 0
    return min(settings.INQUIRY_MAX_WAIT_SECONDS,
               settings.INQUIRY_FIRST_WAIT_SECONDS * 2 ** min(over, 32))


def seconds_to_wait(*, ip: str, now: float) -> int | None:
    """Seconds the address must still wait; None when the counts cannot be read."""
    count_key, last_key = _keys(ip)
    with cache_failures() as failures:
        found = cache.get_many([count_key, last_key])
    if failures.seen:
        return None
    if last_key not in found:
        return 0
    return max(0, math.ceil(found[last_key] + wait_after(found.get(count_key, 0)) - now))


def failure_record(*, ip: str, now: float) -> None:
    count_key, last_key = _keys(ip)
    forget = settings.INQUIRY_FORGET_SECONDS
    cache.add(count_key, 0, timeout=forget)
    try:
        cache.incr(count_key)
    except ValueError:  # expired between add and incr
        cache.set(count_key, 1, timeout=forget)
    cache.touch(count_key, forget)
    cache.set(last_key, now, timeout=forget)
