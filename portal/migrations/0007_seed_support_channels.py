"""The ministry's contact channels (care centre 920002814, 1966, e-mail, the web form) as
rows, so every page and message reads the care-centre number from the data."""

from django.db import migrations

from portal.channels import channels_seed


def seed(apps, schema_editor):
    channels_seed(apps.get_model("portal", "SupportChannel"),
                  apps.get_model("portal", "SupportChannelTranslation"))


class Migration(migrations.Migration):

    dependencies = [("portal", "0006_idempotency_key")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
