"""The complaint policy becomes one row per season, with the acknowledgement rule as data.

The existing row (or the defaults, when there was none) goes to the current season, the
latest whose track has opened (the earliest before any has); every other season gets a copy,
so each season's row is edited on its own from now on.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

from portal import calendars

COPIED = ("default_corrective_minutes", "max_files", "max_file_mb")


def attach(apps, schema_editor):
    Season = apps.get_model("packages", "Season")
    Policy = apps.get_model("complaints", "Policy")
    today = str(calendars.to_hijri(calendars.local_date(timezone.now())))
    current = (Season.objects.filter(track_opens__lte=today).order_by("-year").first()
               or Season.objects.order_by("year").first())
    existing = Policy.objects.order_by("pk").first()
    Policy.objects.exclude(pk=getattr(existing, "pk", None)).delete()
    if current is None:
        Policy.objects.all().delete()
        return
    if existing is None:
        existing = Policy.objects.create(season=current)
    else:
        existing.season = current
        existing.save(update_fields=["season"])
    values = {name: getattr(existing, name) for name in COPIED}
    for season in Season.objects.exclude(pk=current.pk):
        Policy.objects.create(season=season, **values)


class Migration(migrations.Migration):

    dependencies = [
        ("complaints", "0001_initial"),
        ("packages", "0009_hajj_eligibility_lives_in_the_permit_rule"),
    ]

    operations = [
        migrations.AddField(
            model_name="policy",
            name="season",
            field=models.OneToOneField(null=True, on_delete=django.db.models.deletion.CASCADE,
                                       related_name="complaint_policy", to="packages.season",
                                       verbose_name="season"),
        ),
        migrations.AddField(
            model_name="policy",
            name="acknowledge_working_days",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="0: by the end of the working day the complaint is received (the "
                          "next working day when received on a weekend or holiday).",
                verbose_name="acknowledge within (working days after the day received)"),
        ),
        migrations.RunPython(attach, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="policy",
            name="season",
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                       related_name="complaint_policy", to="packages.season",
                                       verbose_name="season"),
        ),
        migrations.AlterModelOptions(
            name="policy",
            options={"ordering": ["-season_id"], "verbose_name": "complaint policy",
                     "verbose_name_plural": "complaint policies"},
        ),
    ]
