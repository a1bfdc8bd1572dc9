"""What may bar a provider from selling a season's packages, besides an inactive account.

The apps that record such decisions register a check here in their AppConfig.ready (the
complaints app's sanctions: a revoked licence, a suspension), so packages asks them without
importing them: they sit above packages and call it, never the reverse.
"""

_checks = []


def register(check) -> None:
    """`check(*, provider, season_year)` returns the PackageError that bars the sale, or
    None."""
    if check not in _checks:
        _checks.append(check)


def first_barrier(*, provider, season_year):
    """The first registered check's refusal, or None when nothing bars the sale."""
    for check in _checks:
        error = check(provider=provider, season_year=season_year)
        if error is not None:
            return error
    return None
