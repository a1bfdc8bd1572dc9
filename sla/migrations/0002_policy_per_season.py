"""The service-level policy becomes one row per season (its Hijri year), with the rating
from which a survey answer counts as satisfied as data (4: "4 or 5 out of 5").

The existing row, or the defaults when there was none, goes to the current season: the
latest whose track has opened (as complaints 0002 and transfers 0005 choose it), not the
Hijri year of the day the database is migrated, so a database migrated on any later day
starts with the row on a seeded season, and opening the next season copies it. The figures
of earlier years follow it until staff add their own rows.
"""

import django.core.validators
from django.db import migrations, models
from django.utils import timezone

from portal import calendars


def attach(apps, schema_editor):
    Policy = apps.get_model("sla", "Policy")
    Season = apps.get_model("packages", "Season")
    today = calendars.to_hijri(calendars.local_date(timezone.now()))
    current = (Season.objects.filter(track_opens__lte=str(today)).order_by("-year").first()
               or Season.objects.order_by("year").first())
    year = current.year if current is not None else today.year
    existing = Policy.objects.order_by("pk").first()
    Policy.objects.exclude(pk=getattr(existing, "pk", None)).delete()
    if existing is None:
        Policy.objects.create(hijri_year=year)
    else:
        existing.hijri_year = year
        existing.save(update_fields=["hijri_year"])


class Migration(migrations.Migration):

    dependencies = [("sla", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="policy",
            name="hijri_year",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="season (Hijri year)"),
        ),
        migrations.AddField(
            model_name="policy",
            name="satisfied_from_rating",
            field=models.PositiveSmallIntegerField(
                default=4,
                help_text="A survey answer counts as satisfied at this rating or above (of 5).",
                validators=[django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(5)],
                verbose_name="satisfied from rating"),
        ),
        migrations.RunPython(attach, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="policy",
            name="hijri_year",
            field=models.PositiveSmallIntegerField(unique=True,
                                                   verbose_name="season (Hijri year)"),
        ),
        migrations.AlterModelOptions(
            name="policy",
            options={"ordering": ["-hijri_year"], "verbose_name": "service-level policy",
                     "verbose_name_plural": "service-level policies"},
        ),
    ]
