"""Demo data for `make run`. Each app contributes `<app>/demo.py` with `demo_load()`,
idempotent (get_or_create / update_or_create on natural keys), so running it twice changes
nothing; `accounts.demo.demo_logins()` lists the logins printed for the newcomer."""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

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

    def handle(self, *args, logins_only=False, **options):
        if not logins_only:
            with transaction.atomic():
                for app in DEMO_APPS:
                    module = demo_module(app)
                    if module is not None:
                        module.demo_load()
        accounts_demo = demo_module("accounts")
        logins = accounts_demo.demo_logins() if accounts_demo else []
        self.stdout.write("Demo logins (e-mail / password):")
        for role, email, password in logins:
            self.stdout.write(f"  {role:<24} {email:<36} {password}")
