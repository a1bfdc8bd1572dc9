"""The compensation policy per season, and the Arafat breakfast as an annex item.

- The singleton `Policy` (how many days a claim is decided within) goes: its value is
  carried into every season's `SeasonPolicy`, the row that already held the season's other
  compensation setting, so a season's rules are edited in one place and a later season may
  change them without rewriting the earlier one's.
- The Arafat breakfast is one of the announced meals (packages.MealWindow: after Fajr to
  10:00 on 9 Dhu al-Hijjah) but had no annex item, so a late one could only be claimed as a
  "remaining meal". It becomes an item of its own, seeded for every season with the values of
  the remaining meals' row (RULES.md section 4 publishes no row of its own for it): staff
  change them here when the ministry publishes its own.
"""

from decimal import Decimal

from django.db import migrations, models

DEFAULT_DECISION_DAYS = 15
ARAFAT_BREAKFAST_NOTE = (
    "RULES.md section 4 publishes no row of its own for the Arafat breakfast; it is seeded "
    "with the remaining meals' values (3% at most 200 SAR contrary to the contract, 3% at most "
    "300 SAR not delivered, 1% at most 50 SAR late, doubled on repetition)."
)


def _cell(percent, cap, *, deliver=False, repeat="none"):
    return {"percent": Decimal(percent), "floor": None, "cap": Decimal(cap),
            "corrective_period_minutes": 120, "repeat_rule": repeat, "repeat_percent": None,
            "ministry_provides": False, "must_still_deliver": deliver,
            "note": ARAFAT_BREAKFAST_NOTE}


ARAFAT_BREAKFAST = {
    "contrary": _cell("3", "200"),
    "not_delivered": _cell("3", "300", deliver=True),
    "late": _cell("1", "50", repeat="double"),
}


def seed_arafat_breakfast(apps, year):
    """Create the season's Arafat breakfast cells that do not exist yet (idempotent)."""
    AnnexRule = apps.get_model("compensation", "AnnexRule")
    for failure, values in ARAFAT_BREAKFAST.items():
        AnnexRule.objects.get_or_create(season_id=year, item="arafat_breakfast",
                                        failure=failure, defaults=values)


def carry(apps, schema_editor):
    Season = apps.get_model("packages", "Season")
    Policy = apps.get_model("compensation", "Policy")
    SeasonPolicy = apps.get_model("compensation", "SeasonPolicy")
    singleton = Policy.objects.order_by("pk").first()
    decision_days = singleton.decision_days if singleton else DEFAULT_DECISION_DAYS
    for season in Season.objects.all():
        # A season's row is opened with the defaults on first use
        # (selectors.season_policy_get): one is made here only to hold a value that differs.
        updated = SeasonPolicy.objects.filter(season=season).update(decision_days=decision_days)
        if not updated and decision_days != DEFAULT_DECISION_DAYS:
            SeasonPolicy.objects.create(season=season, decision_days=decision_days)
        if season.annex_rules.exists():
            seed_arafat_breakfast(apps, season.year)


class Migration(migrations.Migration):

    dependencies = [
        ("compensation", "0005_payouts_to_the_pilgrim"),
        ("packages", "0017_rules_kept_once_max_companions_and_sales_close"),
    ]

    operations = [
        migrations.AddField(
            model_name="seasonpolicy",
            name="decision_days",
            field=models.PositiveSmallIntegerField(
                default=15, verbose_name="a claim is decided within (days)"),
        ),
        # Irreversible: the singleton would come back without knowing which season's to keep.
        migrations.RunPython(carry),
        migrations.DeleteModel(name="Policy"),
    ]
