"""The public holidays as rules (the Eids from their Hijri start with their official length,
the national days from their Gregorian date), and their days for the coming years.

The lengths are those the 1448 calendar was seeded with (permits 0002): Eid al-Fitr 1-4
Shawwal, Eid al-Adha 9-13 Dhu al-Hijjah; staff edit them in the admin and generate again.
The days already there for 1448 are taken over by the rules.
"""

from django.db import migrations

from permits.holidays import holiday_days

YEARS = range(1448, 1453)

RULES = [
    # kind, month, day, length, names
    ("hijri", 10, 1, 4, {
        "en": "Eid al-Fitr", "ar": "عيد الفطر", "ms": "Hari Raya Aidilfitri",
        "fa": "عید فطر", "ur": "عید الفطر", "id": "Idulfitri"}),
    ("hijri", 12, 9, 5, {
        "en": "Eid al-Adha", "ar": "عيد الأضحى", "ms": "Hari Raya Aidiladha",
        "fa": "عید قربان", "ur": "عید الاضحی", "id": "Iduladha"}),
    ("gregorian", 2, 22, 1, {
        "en": "Founding Day", "ar": "يوم التأسيس", "ms": "Hari Pengasasan",
        "fa": "روز تأسیس", "ur": "یوم تاسیس", "id": "Hari Pendirian"}),
    ("gregorian", 9, 23, 1, {
        "en": "National Day", "ar": "اليوم الوطني", "ms": "Hari Kebangsaan",
        "fa": "روز ملی", "ur": "قومی دن", "id": "Hari Nasional"}),
]


def seed(apps, schema_editor):
    Calendar = apps.get_model("permits", "WorkingCalendar")
    Rule = apps.get_model("permits", "HolidayRule")
    Translation = apps.get_model("permits", "HolidayRuleTranslation")
    Holiday = apps.get_model("permits", "PublicHoliday")
    calendar = Calendar.objects.order_by("pk").first()
    if calendar is None:
        return  # no working calendar: nothing to hang holidays on
    for kind, month, day, length, names in RULES:
        rule, created = Rule.objects.get_or_create(
            calendar=calendar, kind=kind, month=month, day=day,
            defaults={"length_days": length})
        if created:
            for language, name in names.items():
                Translation.objects.create(master=rule, language_code=language, name=name)
        for year in YEARS:
            wanted = holiday_days(kind=kind, month=month, day=day, length_days=length,
                                  year=year)
            for date in wanted:
                holiday, made = Holiday.objects.get_or_create(
                    calendar=calendar, date=date, defaults={"name": names["en"], "rule": rule})
                if not made and holiday.rule_id is None:
                    holiday.rule = rule
                    holiday.save(update_fields=["rule"])


class Migration(migrations.Migration):
    dependencies = [("permits", "0010_holiday_rules")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
