"""The demo world loaded by `make run`. Each app contributes its part; all of it idempotent."""

from django.db import transaction

DEMO_PASSWORD = "Pilgrim-Demo-2026"


def demo_logins():
    return []


@transaction.atomic
def demo_load():
    pass
