"""Regenerate a chosen month's reports by hand (the beat makes each only once)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from complaints.models import ReportingAuthority
from complaints.services import monthly_report_generate


class Command(BaseCommand):
    help = "Generate (again) the monthly complaints report of a month, e.g. --month 2026-10."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--authority", help="An authority's code (default: every active)")

    def handle(self, *args, month, authority=None, **options):
        try:
            year, number = (int(part) for part in month.split("-"))
            first = date(year, number, 1)
        except ValueError as error:
            raise CommandError("--month must be YYYY-MM") from error
        authorities = ReportingAuthority.objects.filter(is_active=True)
        if authority:
            authorities = ReportingAuthority.objects.filter(code=authority)
            if not authorities.exists():
                raise CommandError(f"No authority with the code {authority}")
        for row in authorities:
            monthly_report_generate(authority=row, month=first, regenerate=True)
            self.stdout.write(f"{row.code} {first:%Y-%m}: generated")
