"""The client address every limit keys on, from the configured number of trusted proxies.

One rule for the whole portal (allauth's rate limits through `AccountAdapter.get_client_ip`,
the service desk's inquiry, DRF's throttles through the same `NUM_PROXIES`): with
`TRUSTED_PROXY_COUNT` 0 the connection's address, X-Forwarded-For ignored; with N, the Nth
entry from the right of X-Forwarded-For, the one our outermost proxy appended. Entries to its
left are whatever the client sent, so they never count.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",")
                 if hop.strip()]
    if count and len(forwarded) >= count:
        address = _valid(forwarded[-count])
        if address:
            return address
    # No proxy, or a request that reached us without passing through all of them.
    return _valid(request.META.get("REMOTE_ADDR", "")) or ""


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None
