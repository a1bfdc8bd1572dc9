"""How many companions one Hajj contract may carry lives once: in the season's Hajj permit
rule (permits.ServiceRule), which the package order and the permit request both apply.

The packages Season held a second copy (`max_companions`) that the order checked, while the
permit request checked the rule's. This carries the season's value into its Hajj rule before
packages drops its copy. Where the two disagreed the season's value wins: it is the one every
contract sold so far was sized by, so no paid contract is refused its permit for its size
(were the rule's smaller, those contracts could never be requested; were it larger, no
contract sold is above the season's). A season without a Hajj rule sold nothing (the order
refuses without one), so it has nothing to carry.
"""

from django.db import migrations


def carry(apps, schema_editor):
    Season = apps.get_model("packages", "Season")
    Rule = apps.get_model("permits", "ServiceRule")
    for season in Season.objects.all():
        Rule.objects.filter(service__kind="hajj", season=season.year).exclude(
            max_companions=season.max_companions).update(max_companions=season.max_companions)


class Migration(migrations.Migration):
    dependencies = [
        ("permits", "0008_processing_working_days_required"),
        ("packages", "0016_seed_meal_windows"),
    ]

    operations = [migrations.RunPython(carry, migrations.RunPython.noop)]
