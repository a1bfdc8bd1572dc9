"""Version 1 of the terms of use, the privacy policy, the service-level agreement and the
complaint and escalation guide, in every language of the portal (legal/texts.py).

They are published as of 1 Muharram 1446 (7 July 2024), the first day after the 1445 season
whose rules they restate; staff publish later versions in the admin.
"""

from datetime import UTC, datetime

from django.db import migrations

from legal.texts import documents_seed

PUBLISHED_AT = datetime(2024, 7, 6, 21, 0, tzinfo=UTC)  # 7 July 2024, 00:00 in Riyadh


def seed(apps, schema_editor):
    documents_seed(apps.get_model("legal", "LegalDocument"),
                   apps.get_model("legal", "LegalDocumentTranslation"),
                   published_at=PUBLISHED_AT)


class Migration(migrations.Migration):

    dependencies = [("legal", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
