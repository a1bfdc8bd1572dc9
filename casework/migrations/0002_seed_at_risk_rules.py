"""The at-risk thresholds a new portal starts with: a case is highlighted, and its assignee
told, when less than a quarter of its running deadline's time is left. Staff change them in
the admin (casework.AtRiskRule)."""

from django.db import migrations

SEEDED = {"desk": 25, "complaint": 25}


def seed(apps, schema_editor):
    rule = apps.get_model("casework", "AtRiskRule")
    for kind, percent in SEEDED.items():
        rule.objects.get_or_create(kind=kind, defaults={"percent_left": percent})


def unseed(apps, schema_editor):
    apps.get_model("casework", "AtRiskRule").objects.filter(kind__in=SEEDED).delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
