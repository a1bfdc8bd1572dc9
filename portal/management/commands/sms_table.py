"""Print the README's SMS table (e-service, state, the English message) from the stages'
registry (portal/stages.py); tests/test_every_stage_is_told.py checks the README has it."""

from django.core.management.base import BaseCommand

from portal.stages import sms_table


class Command(BaseCommand):
    help = "Print the SMS table of every e-service's states, for the README."

    def handle(self, *args, **options):
        self.stdout.write(sms_table(), ending="")
