"""Demo data for `make run`: idempotent, so running it twice changes nothing."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demo season, providers, users and slots (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--logins-only", action="store_true",
                            help="Only print the demo logins.")

    def handle(self, *args, logins_only=False, **options):
        from portal.demo import demo_load, demo_logins

        if not logins_only:
            demo_load()
        self.stdout.write("Demo logins (e-mail / password):")
        for role, email, password in demo_logins():
            self.stdout.write(f"  {role:<22} {email:<36} {password}")
