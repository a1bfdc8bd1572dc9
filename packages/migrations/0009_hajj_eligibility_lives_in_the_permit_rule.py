"""The season's copy of the Hajj eligibility goes: permits 0007 carried its values into the
season's Hajj permit rule, the one place they live now."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('packages', '0008_refund_parts_and_refunded_amount'),
        ('permits', '0007_hajj_eligibility_from_the_seasons'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='season',
            name='first_timers_only_until',
        ),
        migrations.RemoveField(
            model_name='season',
            name='identity_valid_to_end_of_month',
        ),
        migrations.RemoveField(
            model_name='season',
            name='min_age_hijri_years',
        ),
        migrations.RemoveField(
            model_name='season',
            name='repeat_after_years',
        ),
    ]
