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
             "refunds", "sla", "notifications", "servicedesk", "transfers", "centres"]


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
        self.stdout.write("Demo logins (e-mail / password):")
        for role, email, password in logins:
            self.stdout.write(f"  {role:<24} {email:<36} {password}")
