"""Seed the compensation annex of 1445 and 1448 from RULES.md section 4 (the published
1445 values; 1448 takes the same shape). Staff edit every cell in the admin afterwards.

The ambiguous cells are read as RULES.md says, and each carries a note staff see.
"""

from decimal import Decimal

from django.db import migrations

HOUSING_CONTRARY_NOTE = (
    "AMBIGUOUS: the published 1445 annex says 50% of the package value. Ministry reports "
    "give 5% for housing not as contracted and not fixed within 2 hours, so 50% is read as a "
    "typing error and 5% is the default. Change it here if the ministry confirms otherwise."
)
MEAL_GENERAL_NOTE = (
    "AMBIGUOUS: the annex's general 'meal' row is read as the default for a meal that has no "
    "row of its own."
)
OTHER_MEAL_NOTE = (
    "AMBIGUOUS: the annex says '3%, at most 300 SAR, whichever is higher'. Read as a cap of "
    "300 SAR like every other cell of the column; a floor would contradict 'at most'."
)
TRANSPORT_NOTE = (
    "AMBIGUOUS: the transport table is garbled in the source; this is the most consistent "
    "reading (RULES.md section 4)."
)
MINISTRY_NOTE = ("The ministry provides the service at any cost and charges the provider; "
                 "the pilgrim receives no amount.")


def _cell(percent="0", floor=None, cap=None, minutes=120, repeat="none", repeat_percent=None,
          ministry=False, deliver=False, note=""):
    return {
        "percent": Decimal(percent), "floor": Decimal(floor) if floor else None,
        "cap": Decimal(cap) if cap else None, "corrective_period_minutes": minutes,
        "repeat_rule": repeat, "repeat_percent": Decimal(repeat_percent)
        if repeat_percent else None, "ministry_provides": ministry, "must_still_deliver": deliver,
        "note": note,
    }


def _meal(contrary, not_delivered, late, note=""):
    return {
        "contrary": _cell(*contrary, note=note),
        "not_delivered": _cell(*not_delivered, deliver=True, note=note),
        "late": _cell(*late, repeat="double", note=note),
    }


ANNEX = {
    "makkah_housing": {
        "late": _cell("10", repeat="raise_to", repeat_percent="15"),
        "not_delivered": _cell(ministry=True, note=MINISTRY_NOTE),
        "contrary": _cell("5", note=HOUSING_CONTRARY_NOTE),
    },
    "camp_services": {
        "late": _cell("2", floor="300"),
        "not_delivered": _cell(ministry=True, note=MINISTRY_NOTE),
        "contrary": _cell("10", floor="1500"),
    },
    "tent_components": {
        "late": _cell("10", repeat="raise_to", repeat_percent="15"),
        "not_delivered": _cell(ministry=True, note=MINISTRY_NOTE),
        "contrary": _cell("10", floor="1500"),
    },
    # (percent, floor, cap) for contrary, not delivered, late.
    "meal_general": _meal(("5",), ("5",), ("1",), note=MEAL_GENERAL_NOTE),
    "arafat_lunch": _meal(("5", None, "100"), ("5", None, "200"), ("1", None, "50")),
    "muzdalifah_meal": _meal(("3", None, "300"), ("5", None, "500"), ("1", None, "100")),
    "day10_lunch": _meal(("3", None, "300"), ("5", None, "500"), ("1", None, "100")),
    "other_meal": _meal(("3", None, "200"), ("3", None, "300"), ("1", None, "50"),
                        note=OTHER_MEAL_NOTE),
    "intercity_transport": {
        "late": _cell("3", cap="200", minutes=180, note=TRANSPORT_NOTE),
        "not_delivered": _cell("5", cap="1200", minutes=180, note=TRANSPORT_NOTE
                               + " Due when the failure delays a rite."),
        "contrary": _cell("3", cap="200", minutes=180, note=TRANSPORT_NOTE),
    },
    "mashair_buses": {
        "late": _cell("2", cap="100", note=TRANSPORT_NOTE),
        "not_delivered": _cell("3", cap="300", deliver=True, note=TRANSPORT_NOTE
                               + " Not delivering is not allowed; when proven the amount is "
                               "aggravated to this row."),
        "contrary": _cell("3", cap="200", note=TRANSPORT_NOTE),
    },
}


def seed_annex(apps, year):
    """Create the season's annex cells that do not exist yet (idempotent)."""
    Season = apps.get_model("packages", "Season")
    AnnexRule = apps.get_model("compensation", "AnnexRule")
    if not Season.objects.filter(year=year).exists():
        return
    for item, cells in ANNEX.items():
        for failure, values in cells.items():
            AnnexRule.objects.get_or_create(season_id=year, item=item, failure=failure,
                                            defaults=values)


def seed(apps, schema_editor):
    for year in (1445, 1448):
        seed_annex(apps, year)
    Policy = apps.get_model("compensation", "Policy")
    if not Policy.objects.exists():
        Policy.objects.create(decision_days=15)


class Migration(migrations.Migration):
    dependencies = [
        ("compensation", "0001_initial"),
        ("packages", "0003_seed_seasons"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
