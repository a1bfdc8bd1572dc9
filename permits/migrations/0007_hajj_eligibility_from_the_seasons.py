"""Hajj eligibility lives once: in the season's Hajj permit rule (permits.ServiceRule), which
the package order and the permit request both apply.

Until now the packages Season held a second copy (minimum age, identity validity, years
before a repeat Hajj, the first-timers phase), and the seeded copies disagreed: the 1448
Hajj rule had a first-timers phase until 1 Sha'ban, the 1448 season none, so a repeat
pilgrim could order and pay, then have the permit refused. This carries the seasons' values
into the rules before packages drops its copy:
- a season with a Hajj rule keeps the rule's values (its phase is the published one,
  RULES.md section 6); a value the rule left empty is taken from the season;
- a season without one (1445, and any year of older contracts) gets a Hajj rule made from
  the season's values, valid for its Hijri year, with the Hajj service's processing time.
"""

from datetime import timedelta

from django.db import migrations
from hijridate import Hijri

from portal.hijri import hijri_to_gregorian

FIELDS = ("min_age_hijri_years", "identity_valid_to_end_of_month", "repeat_after_years")


def gregorian(hijri_text):
    return hijri_to_gregorian(hijri_text) if hijri_text else None


def year_bounds(year):
    last_month = Hijri(year, 12, 1)
    last = last_month.to_gregorian() + timedelta(days=last_month.month_length() - 1)
    return Hijri(year, 1, 1).to_gregorian(), last


def carry(apps, schema_editor):
    Season = apps.get_model("packages", "Season")
    Service = apps.get_model("permits", "PermitService")
    Rule = apps.get_model("permits", "ServiceRule")
    hajj = Service.objects.filter(code="hajj").first()
    if hajj is None:
        return  # no Hajj service: nothing can be requested, so nothing to carry
    for season in Season.objects.all():
        rule = Rule.objects.filter(service=hajj, season=season.year).first()
        if rule is None:
            first, last = year_bounds(season.year)
            Rule.objects.create(
                service=hajj, season=season.year, valid_from=first, valid_until=last,
                booking_opens_days=365, booking_closes_minutes=0,
                cancellation_cutoff_minutes=0, max_companions=season.max_companions,
                processing_working_days=3, forbid_overlap=False,
                first_timers_only_until=gregorian(season.first_timers_only_until),
                **{field: getattr(season, field) for field in FIELDS})
            continue
        for field in FIELDS:
            if getattr(rule, field) is None:
                setattr(rule, field, getattr(season, field))
        if rule.first_timers_only_until is None:
            rule.first_timers_only_until = gregorian(season.first_timers_only_until)
        rule.save()


class Migration(migrations.Migration):
    dependencies = [
        ("permits", "0006_hajj_permit_printed_and_authority_reports"),
        ("packages", "0007_nationality_countryfield"),
    ]

    operations = [migrations.RunPython(carry, migrations.RunPython.noop)]
