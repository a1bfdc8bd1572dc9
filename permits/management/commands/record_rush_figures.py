"""`manage.py record_rush_figures [PATH]`: load the runs bench/rush/run.py recorded (one JSON
line each, permits/rush_record.py; by default var/bench/rush.jsonl under the repository, where
the bench appends them) into `permits.RushMeasurement`, whose rates the release admin offers.

Loading the same file again adds nothing. A malformed line changes nothing: the command names
it and exits non-zero.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from permits.services import rush_figures_record


def default_path() -> Path:
    return Path(settings.BASE_DIR) / "var" / "bench" / "rush.jsonl"


class Command(BaseCommand):
    help = "Load the runs bench/rush recorded (JSON lines) as rush measurements."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, default=None,
                            help="the file bench/rush/run.py appended to "
                                 "(default: var/bench/rush.jsonl)")

    def handle(self, *args, path, **options):
        path = path or default_path()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{path}: cannot be read ({error.strerror}); run "
                               f"bench/rush/run.py first, it records there.") from error
        try:
            loaded = rush_figures_record(lines=text.splitlines())
        except ValidationError as error:
            raise CommandError(f"{path}, {error.messages[0]}; nothing was recorded.") from error
        self.stdout.write(f"{path}: {loaded.new} new measurement(s), {loaded.known} already "
                          f"recorded.")
