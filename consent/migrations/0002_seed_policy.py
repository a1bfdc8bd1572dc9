"""The consent policy's one row, with the values staff start from (edited in the admin)."""

from django.db import migrations


def seed(apps, schema_editor):
    Policy = apps.get_model("consent", "Policy")
    if not Policy.objects.exists():
        Policy.objects.create(invitation_hours=24, document_max_mb=5)


class Migration(migrations.Migration):
    dependencies = [("consent", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
