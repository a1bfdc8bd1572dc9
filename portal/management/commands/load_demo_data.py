"""Demo data for `make run`. Each app contributes `<app>/demo.py` with `demo_load()`,
idempotent (get_or_create / update_or_create on natural keys), so running it twice changes
nothing; `accounts.demo.demo_logins()` lists the logins printed for the newcomer.

The demo follows the clock: every app's demo that dates something is given the same `now`
(`--now 2028-04-25T10:00+03:00` loads the world of another day; tests pass a datetime)."""

import importlib
import inspect

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

DEMO_APPS = ["accounts", "portal", "packages", "permits", "complaints", "compensation",
             "refunds", "sla", "notifications", "servicedesk", "casework", "transfers", "centres",
             "legal"]


def demo_module(app):
    try:
        return importlib.import_module(f"{app}.demo")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app}.demo":
            raise
        return None


class Command(BaseCommand):
    help = "Load the demo world: users of every role, providers, packages, slots (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--logins-only", action="store_true",
                            help="Only print the demo logins.")
        parser.add_argument("--now", default=None,
                            help="Load the demo world of this moment (ISO 8601), not today's.")

    def handle(self, *args, logins_only=False, now=None, **options):
        if isinstance(now, str):
            parsed = parse_datetime(now)
            if parsed is None or timezone.is_naive(parsed):
                raise CommandError("--now needs an ISO 8601 moment with its UTC offset")
            now = parsed
        now = now or timezone.now()
        if not logins_only:
            with transaction.atomic():
                for app in DEMO_APPS:
                    module = demo_module(app)
                    if module is None:
                        continue
                    if "now" in inspect.signature(module.demo_load).parameters:
                        module.demo_load(now=now)
                    else:  # nothing of that app's demo depends on the day
                        module.demo_load()
        accounts_demo = demo_module("accounts")
        logins = accounts_demo.demo_logins() if accounts_demo else []
        self.stdout.write(logins_table(logins))


# Marks that set the direction of the text around them: invisible, yet copied along with a
# secret or an address from the terminal (and then refused by the app it is pasted into).
DIRECTION_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
                                         "\u2066\u2067\u2068\u2069"))


def logins_table(logins) -> str:
    """The demo logins as a table a left-to-right terminal aligns: the e-mail, password and
    TOTP secret (ASCII) in padded columns first, the role label, in the active language and
    perhaps right-to-left, last, where its width and direction move nothing after it."""
    header = ("E-mail", "Password", "TOTP secret (staff)", "Role")
    rows = [(login.email, login.password, login.totp_secret or "-",
             str(login.role).translate(DIRECTION_MARKS)) for login in logins]
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(3)]
    lines = ["Demo logins (staff add the TOTP secret to an authenticator app once):"]
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  " + "  ".join([*cells, row[3]]))
    return "\n".join(lines)
