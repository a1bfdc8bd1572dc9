"""Seed the published 1445 season and the coming 1448 season (same shape, its own dates).

Also creates a placeholder season for any Hijri year existing contracts already use, so the
next migration can turn `Contract.season` into a foreign key without losing a row.
"""

from decimal import Decimal

from django.db import migrations

from portal.hijri import end_of_month_string, hijri_string

RULES = [
    # (position, code, permit states, starts (m, d) or None, ends (m, d | "end") or None,
    #  deduction %, deduct fee, English, Arabic)
    (10, "permit_refused", ["refused"], None, None, "0", True,
     "Permit refused by the Ministry of Interior: contract value minus the e-service fee "
     "per client",
     "رفض التصريح من وزارة الداخلية: قيمة العقد ناقص رسوم الخدمة الإلكترونية عن كل عميل"),
    (20, "full_refund", ["not_issued"], None, (10, 14), "0", False,
     "Before the permit is issued, up to the end of 14 Shawwal: full refund",
     "قبل إصدار التصريح حتى نهاية 14 شوال: استرداد كامل قيمة العقد"),
    (30, "ten_percent", ["not_issued", "issued", "printed"], None, (11, "end"), "10", False,
     "Until the end of Dhu al-Qa'dah: contract value minus 10%",
     "حتى نهاية شهر ذي القعدة: قيمة العقد ناقص 10%"),
    (40, "no_refund", [], (12, 1), None, "100", False,
     "From 1 Dhu al-Hijjah until the track closes: no refund",
     "من 1 ذي الحجة حتى إغلاق المسار: لا يسترد شيء"),
]

INSTALMENTS = [(1, "20", 72, None), (2, "40", None, (8, 15)), (3, "40", None, (10, 1))]


def season_fields(year, launch=(6, 14)):
    return {
        "track_opens": hijri_string(year, *launch),
        "full_refund_until": hijri_string(year, 10, 14),
        "printed_permit_from": hijri_string(year, 10, 15),
        "no_refund_from": hijri_string(year, 12, 1),
        "track_closes": hijri_string(year, 12, 13),
        "guarantee_release_after": hijri_string(year + 1, 1, 10),
        "agreement_ends": hijri_string(year + 1, 1, 15),
        "complaints_until": hijri_string(year + 1, 1, 15),
        "service_fee": Decimal("67.85"),
        "guarantee_percent": Decimal("5.00"),
    }


def month_day(year, value):
    if value is None:
        return ""
    month, day = value
    return end_of_month_string(year, month) if day == "end" else hijri_string(year, month, day)


def seed_season(apps, year, *, published, launch=(6, 14)):
    Season = apps.get_model("packages", "Season")
    RefundRule = apps.get_model("packages", "RefundRule")
    RefundRuleTranslation = apps.get_model("packages", "RefundRuleTranslation")
    InstalmentStep = apps.get_model("packages", "InstalmentStep")
    # Later migrations dropped some of these fields (the refund windows live in the rules,
    # packages 0010); seeding with today's models (the tests' factories) leaves them out.
    names = {field.name for field in Season._meta.get_fields()}
    fields = {name: value for name, value in season_fields(year, launch).items()
              if name in names}
    season, created = Season.objects.get_or_create(
        year=year, defaults={"is_published": published, **fields}
    )
    if not created:
        return
    for position, code, states, starts, ends, percent, fee, english, arabic in RULES:
        rule = RefundRule.objects.create(
            season=season, position=position, code=code, permit_states=states,
            starts_on=month_day(year, starts), ends_on=month_day(year, ends),
            deduction_percent=Decimal(percent), deduct_service_fee=fee,
        )
        RefundRuleTranslation.objects.create(master=rule, language_code="en",
                                             description=english)
        RefundRuleTranslation.objects.create(master=rule, language_code="ar",
                                             description=arabic)
    for position, percent, hours, due in INSTALMENTS:
        InstalmentStep.objects.create(season=season, position=position,
                                      percent=Decimal(percent), due_hours_after_order=hours,
                                      due_on=month_day(year, due))


def seed(apps, schema_editor):
    seed_season(apps, 1445, published=True)
    # The coming season opens early enough for the demo world of today (11/06/1448).
    seed_season(apps, 1448, published=False, launch=(6, 1))
    Contract = apps.get_model("packages", "Contract")
    for year in Contract.objects.values_list("season", flat=True).distinct():
        seed_season(apps, year, published=False)


class Migration(migrations.Migration):
    dependencies = [("packages", "0002_seasons_providers_packages")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
