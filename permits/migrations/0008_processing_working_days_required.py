"""A service rule always says how many working days its requests take: the Hajj rules that
had none take the published 3 (what the code used to assume), the others 0 (decided at
once), and the field becomes required with 3 as its default."""

from django.db import migrations, models


def fill(apps, schema_editor):
    ServiceRule = apps.get_model("permits", "ServiceRule")
    empty = ServiceRule.objects.filter(processing_working_days__isnull=True)
    empty.filter(service__code="hajj").update(processing_working_days=3)
    empty.update(processing_working_days=0)


class Migration(migrations.Migration):

    dependencies = [("permits", "0007_hajj_eligibility_from_the_seasons")]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="servicerule",
            name="processing_working_days",
            field=models.PositiveSmallIntegerField(
                default=3,
                help_text="Working days the ministry takes to decide a request (the Hajj "
                          "permit's published 3); 0 for services decided at once.",
                verbose_name="processing time (working days)"),
        ),
    ]
