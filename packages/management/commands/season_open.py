"""`manage.py season_open --from 1448 [--to 1449] [--user EMAIL]`: open a season from the
previous one (packages.services.season_open_next), as the admin's action does. The new
season is a draft; a ministry administrator publishes it in the admin.

--user names the staff member the history records as having acted (without it, the portal
itself, the command's name recorded).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from packages.errors import PackageError
from packages.models import Season
from packages.services import season_open_next
from portal.audit import acting


class Command(BaseCommand):
    help = "Open the next season from an existing one, copying its rules (left as a draft)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", type=int, required=True,
                            help="the Hijri year of the season to copy")
        parser.add_argument("--to", dest="target", type=int, default=None,
                            help="the Hijri year to open (default: the next one)")
        parser.add_argument("--user", default=None,
                            help="e-mail or username of the staff member acting")

    def handle(self, *args, source, target, user, **options):
        season = Season.objects.filter(year=source).first()
        if season is None:
            raise CommandError(f"No season {source}.")
        acting_user = None
        if user:
            model = get_user_model()
            acting_user = (model.objects.filter(email__iexact=user).first()
                           or model.objects.filter(**{model.USERNAME_FIELD: user}).first())
            if acting_user is None:
                raise CommandError(f"No user {user}.")
        try:
            with acting(None, command="season_open"):
                opened = season_open_next(season=season, acting_user=acting_user, year=target)
        except PackageError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Opened {opened.year} from {source} as a draft.")
