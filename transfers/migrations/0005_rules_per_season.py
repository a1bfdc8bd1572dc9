"""The transfer rules become one row per season.

The existing row (or the defaults, when there was none) goes to the current season, the
latest whose track has opened (the earliest before any has); every other season gets a copy,
so each season's rules are edited on their own from now on.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

from portal import calendars

COPIED = ("min_recipient_age", "relatives_exempt_from_age", "non_relatives_current_year_only",
          "completion_days", "agent_fee_cap", "max_price", "heir_claims_per_window",
          "heir_claim_window_days")


def attach(apps, schema_editor):
    Season = apps.get_model("packages", "Season")
    TransferRules = apps.get_model("transfers", "TransferRules")
    today = str(calendars.to_hijri(calendars.local_date(timezone.now())))
    current = (Season.objects.filter(track_opens__lte=today).order_by("-year").first()
               or Season.objects.order_by("year").first())
    existing = TransferRules.objects.order_by("pk").first()
    TransferRules.objects.exclude(pk=getattr(existing, "pk", None)).delete()
    if current is None:
        TransferRules.objects.all().delete()
        return
    if existing is None:
        existing = TransferRules.objects.create(season=current)
    else:
        existing.season = current
        existing.save(update_fields=["season"])
    values = {name: getattr(existing, name) for name in COPIED}
    for season in Season.objects.exclude(pk=current.pk):
        TransferRules.objects.create(season=season, **values)


class Migration(migrations.Migration):

    dependencies = [
        ("transfers", "0004_heir_claim_as_typed_offer_names_relative"),
        ("packages", "0009_hajj_eligibility_lives_in_the_permit_rule"),
    ]

    operations = [
        migrations.AddField(
            model_name="transferrules",
            name="season",
            field=models.OneToOneField(null=True, on_delete=django.db.models.deletion.CASCADE,
                                       related_name="transfer_rules", to="packages.season",
                                       verbose_name="season"),
        ),
        migrations.RunPython(attach, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="transferrules",
            name="season",
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                       related_name="transfer_rules", to="packages.season",
                                       verbose_name="season"),
        ),
        migrations.AlterModelOptions(
            name="transferrules",
            options={"ordering": ["-season_id"], "verbose_name": "transfer rules",
                     "verbose_name_plural": "transfer rules"},
        ),
    ]
