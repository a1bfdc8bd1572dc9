"""Seed the permit services and the defaults of RULES.md section 6 for the 1448 season.

Every value here is data staff edit in the admin afterwards; dates are computed from the
Umm al-Qura calendar so month lengths are never hard-coded.
"""

from datetime import time

from django.db import migrations
from hijridate import Hijri

SEASON = 1448

SERVICES = [
    # code, kind, gender, group, order, English name, Arabic name
    ("rawdah_men", "slot", "male", "rawdah", 1, "Rawdah visit, men", "زيارة الروضة الشريفة للرجال"),
    ("rawdah_women", "slot", "female", "rawdah", 2, "Rawdah visit, women",
     "زيارة الروضة الشريفة للنساء"),
    ("umrah", "slot", "", "umrah", 3, "Umrah permit", "تصريح العمرة"),
    ("hajj", "hajj", "", "hajj", 4, "Hajj permit for citizens and residents",
     "تصريح الحج للمواطنين والمقيمين"),
    ("mashair_vehicle", "vehicle", "", "", 5, "Vehicle entry permit to the holy sites",
     "تصريح دخول المركبات إلى المشاعر المقدسة"),
]

RAWDAH_INSTRUCTIONS = (
    "Arrive 15 minutes before your slot at the gate for your group. The visit lasts "
    "10 minutes. The permit is single-use. Cancel in time if you cannot come: a permit "
    "neither used nor cancelled bars a new one for a year."
)


RAWDAH_INSTRUCTIONS_AR = (
    "احضر قبل موعدك بخمس عشرة دقيقة إلى البوابة المخصصة لمجموعتك. مدة الزيارة عشر دقائق. "
    "التصريح صالح لمرة واحدة. ألغِ حجزك في الوقت المناسب إن لم تتمكن من الحضور، فالتصريح "
    "الذي لا يُستخدم ولا يُلغى يمنع إصدار تصريح جديد لمدة سنة."
)


def hijri(year, month, day):
    return Hijri(year, month, day).to_gregorian()


def seed(apps, schema_editor):
    Service = apps.get_model("permits", "PermitService")
    Translation = apps.get_model("permits", "PermitServiceTranslation")
    Rule = apps.get_model("permits", "ServiceRule")
    Window = apps.get_model("permits", "GenderWindow")
    Blackout = apps.get_model("permits", "BlackoutPeriod")
    Calendar = apps.get_model("permits", "WorkingCalendar")
    Holiday = apps.get_model("permits", "PublicHoliday")

    start, end = hijri(SEASON, 1, 1), Hijri(SEASON, 12, 1).to_gregorian()
    end = end.fromordinal(end.toordinal() + Hijri(SEASON, 12, 1).month_length() - 1)
    common = {"season": SEASON, "valid_from": start, "valid_until": end}
    for code, kind, gender, group, order, name_en, name_ar in SERVICES:
        service, _created = Service.objects.get_or_create(
            code=code,
            defaults={"kind": kind, "gender": gender, "frequency_group": group, "ordering": order},
        )
        for lang, name in (("en", name_en), ("ar", name_ar)):
            Translation.objects.update_or_create(
                master_id=service.pk, language_code=lang,
                defaults={"name": name, "instructions": (
                    {"en": RAWDAH_INSTRUCTIONS, "ar": RAWDAH_INSTRUCTIONS_AR}[lang]
                    if group == "rawdah" else "")},
            )
        if code.startswith("rawdah"):
            rule, _ = Rule.objects.get_or_create(service=service, **common, defaults={
                "booking_opens_days": 30, "booking_closes_minutes": 60,
                "cancellation_cutoff_minutes": 120, "max_companions": 4,
                "frequency_days": 365, "visit_minutes": 10, "arrive_before_minutes": 15,
                "no_show_bar_days": 365, "requires_instructions": True,
            })
            # Fajr and Isha move through the year; staff adjust these times as data.
            windows = (
                [("After Fajr to 11:00", time(5, 30), time(11, 0)),
                 ("After Isha to 02:00", time(20, 30), time(2, 0))]
                if gender == "female" else
                [("02:00 to Fajr", time(2, 0), time(4, 30)),
                 ("11:30 to Isha", time(11, 30), time(19, 30))]
            )
            for label, starts, ends in windows:
                Window.objects.get_or_create(rule=rule, label=label,
                                             defaults={"starts": starts, "ends": ends})
        elif code == "umrah":
            rule, _ = Rule.objects.get_or_create(service=service, **common, defaults={
                "booking_opens_days": 30, "booking_closes_minutes": 60,
                "cancellation_cutoff_minutes": 240, "max_companions": 13,
                "once_in_ramadan": True, "arrive_before_minutes": 60,
            })
            Blackout.objects.get_or_create(
                rule=rule, starts_on=hijri(SEASON, 11, 15), ends_on=hijri(SEASON, 12, 15),
                defaults={"reason": "Hajj season"},
            )
        elif code == "hajj":
            Rule.objects.get_or_create(service=service, **common, defaults={
                "booking_opens_days": 365, "booking_closes_minutes": 0,
                "cancellation_cutoff_minutes": 0, "max_companions": 13,
                "min_age_hijri_years": 12, "repeat_after_years": 5,
                "first_timers_only_until": hijri(SEASON, 8, 1),
                "identity_valid_to_end_of_month": 12, "processing_working_days": 3,
                "forbid_overlap": False,
            })
        elif code == "mashair_vehicle":
            Rule.objects.get_or_create(service=service, **common, defaults={
                "booking_opens_days": 60, "booking_closes_minutes": 0,
                "vehicle_ban_from_day": 5, "vehicle_ban_to_day": 13, "forbid_overlap": False,
            })

    calendar, _ = Calendar.objects.get_or_create(name="Saudi Arabia",
                                                 defaults={"working_weekdays": "6,0,1,2,3"})
    holidays = [(hijri(SEASON, 10, day), "Eid al-Fitr") for day in range(1, 5)]
    holidays += [(hijri(SEASON, 12, day), "Eid al-Adha") for day in range(9, 14)]
    holidays += [(start.replace(year=2026, month=9, day=23), "National Day"),
                 (start.replace(year=2027, month=2, day=22), "Founding Day")]
    for day, name in holidays:
        Holiday.objects.get_or_create(calendar=calendar, date=day, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("permits", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
