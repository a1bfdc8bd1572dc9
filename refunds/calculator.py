"""The public refund calculator's computation, shared by the API and the web page: the season's
published policy and the same `compute_refund` a real cancellation uses."""

from datetime import date
from decimal import Decimal

from django.apps import apps

from .errors import RefundError
from .policy import RefundQuote, compute_refund, policy_snapshot


def published_seasons():
    """The published seasons, latest first. The season is packages' model (the refund rules
    hang off it); read through the app registry, since packages sits above refunds."""
    return (apps.get_model("packages", "Season").objects
            .filter(is_published=True).order_by("-year"))


def quote(*, season: int, contract_value: Decimal, clients: int, cancel_date: date,
          permit_state: str) -> tuple[RefundQuote, dict]:
    """The refund of a contract cancelled on `cancel_date`, assuming it was paid in full, and
    the policy it was computed from. Raises RefundError (translated) for what cannot be."""
    found = published_seasons().filter(year=season).first()
    if found is None:
        raise RefundError("unknown_season", season=season)
    policy = policy_snapshot(found)
    return compute_refund(policy=policy, contract_value=contract_value, clients=clients,
                          cancel_date=cancel_date, permit_state=permit_state), policy
