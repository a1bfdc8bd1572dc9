"""What else may hold a provider's guarantee after the season, besides compensation's own
claims and debts: the open complaints against the provider.

The release lives in compensation (it owns the claims and debts that hold it, and pays them
from the guarantee it releases), so it must not import complaints, which sits above it and
calls compensation when a complaint is upheld. Complaints registers its check here in its
AppConfig.ready instead, as it registers its sanctions with packages.sale_barriers.
"""

_open_complaints = []


def register_open_complaints(check) -> None:
    """`check(*, provider_id, season_id)` returns the numbers of the complaints against the
    provider in that season that are still open (an empty list when none is)."""
    if check not in _open_complaints:
        _open_complaints.append(check)


def open_complaints(*, provider_id: int, season_id: int) -> list[str]:
    numbers = []
    for check in _open_complaints:
        numbers.extend(check(provider_id=provider_id, season_id=season_id))
    return sorted(set(numbers))
