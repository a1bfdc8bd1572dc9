"""The ministry's e-services and their published service levels (RULES.md section 1).

Names come from the e-SLA (seed 000, published in Malay; Arabic and English are the
ministry's own wording). Staff edit every figure in the admin; this only seeds 1445's values.
"""

from decimal import Decimal

from django.db import migrations

IMMEDIATE = {"en": "Immediate", "ar": "فوري", "ms": "Segera"}
ALWAYS = {"en": "24/7", "ar": "24/7", "ms": "24/7"}

# code, satisfaction %, transactions/year, working days, digitisation %, completion %,
# names {en, ar, ms}, descriptions {en, ar}
SERVICES = [
    ("hajj", "90", 5525, 3, "100", "100",
     {"en": "Hajj permit booking and issuance for citizens and residents",
      "ar": "حجز وإصدار تصريح الحج للمواطنين والمقيمين",
      "ms": "Tempahan dan pengeluaran Permit Haji untuk warganegara dan penduduk"},
     {"en": "Register for domestic Hajj, choose a package and receive your Hajj permit.",
      "ar": "سجّل في الحج للداخل واختر باقتك واحصل على تصريح الحج."}),
    ("hajj_cancel", "66", 567, 0, "100", "100",
     {"en": "Cancel a Hajj permit booking",
      "ar": "إلغاء حجز تصريح الحج",
      "ms": "Pembatalan tempahan Permit Haji"},
     {"en": "Cancel your Hajj booking and see the refund the published windows give you.",
      "ar": "ألغِ حجز الحج واطّلع على المبلغ المسترد وفق المواعيد المعلنة."}),
    ("new_request", "92", 1539, 0, "100", "100",
     {"en": "New transaction request",
      "ar": "طلب معاملة جديدة",
      "ms": "Permohonan transaksi baharu"},
     {"en": "Submit a request or a question to the ministry with the data it needs.",
      "ar": "قدّم طلباً أو استفساراً إلى الوزارة مع البيانات اللازمة."}),
    ("inquiry", "98", 8649, 0, "100", "100",
     {"en": "Transaction inquiry",
      "ar": "الاستعلام عن معاملة",
      "ms": "Pertanyaan tentang transaksi"},
     {"en": "Follow a request you submitted, by its tracking number.",
      "ar": "تابع طلباً قدّمته برقم المتابعة."}),
    ("new_request_abroad", "68", 19152, 0, "100", "100",
     {"en": "New transaction request from outside Saudi Arabia",
      "ar": "طلب معاملة جديدة من خارج المملكة العربية السعودية",
      "ms": "Permohonan transaksi baharu dari luar Arab Saudi"},
     {"en": "Submit a request to the ministry from outside the Kingdom.",
      "ar": "قدّم طلباً إلى الوزارة من خارج المملكة."}),
    ("mashair_vehicle", "94", 2010, 0, "100", "100",
     {"en": "Vehicle entry permit to the holy sites (Mashair)",
      "ar": "إصدار تصريح دخول المركبات إلى المشاعر المقدسة",
      "ms": "Penyerahan permit masuk kenderaan ke Mashair"},
     {"en": "Vehicles without a permit are barred from the holy sites from 5 to 13 Dhu al-Hijjah.",
      "ar": "يُمنع دخول المركبات غير المصرّح لها إلى المشاعر المقدسة من 5 إلى 13 ذي الحجة."}),
    ("rawdah_men", "92.06", 8657628, 0, "100", "79",
     {"en": "Rawdah visit permit, men",
      "ar": "إصدار تصريح زيارة الروضة الشريفة – رجال",
      "ms": "Penerbitan Permit Lawatan ke Al-Rawdah Al-Sharifah – Lelaki"},
     {"en": "Book a time slot to visit Al-Rawdah Al-Sharifah in the Prophet's Mosque.",
      "ar": "احجز موعداً لزيارة الروضة الشريفة في المسجد النبوي."}),
    ("rawdah_women", "91.07", 7375016, 0, "100", "74",
     {"en": "Rawdah visit permit, women",
      "ar": "إصدار تصريح زيارة الروضة الشريفة – نساء",
      "ms": "Penerbitan Permit Lawatan ke Al-Rawdah Al-Sharifah – Wanita"},
     {"en": "Book a time slot in the women's hours to visit Al-Rawdah Al-Sharifah.",
      "ar": "احجزي موعداً في أوقات النساء لزيارة الروضة الشريفة."}),
    ("umrah", "93.71", 8246996, 0, "65", "81",
     {"en": "Umrah permit booking",
      "ar": "حجز تصريح العمرة",
      "ms": "Tempahan Permit Umrah"},
     {"en": "Book an Umrah time slot for yourself and your companions.",
      "ar": "احجز موعد العمرة لك ولمرافقيك."}),
    ("hajj_package", None, 1710100, 0, "100", "98.5",
     {"en": "Hajj package ordering",
      "ar": "طلب باقات الحج",
      "ms": "Pesan paket Haji"},
     {"en": "Compare the licensed providers' Hajj packages and order one.",
      "ar": "قارن باقات الحج لدى الشركات المرخّصة واطلب إحداها."}),
]


def seed(apps, schema_editor):
    EService = apps.get_model("portal", "EService")
    Translation = apps.get_model("portal", "EServiceTranslation")
    for order, row in enumerate(SERVICES, start=1):
        code, satisfaction, transactions, days, digitisation, completion, names, texts = row
        service, _created = EService.objects.update_or_create(
            code=code,
            defaults={
                "satisfaction_target": Decimal(satisfaction) if satisfaction else None,
                "yearly_transactions": transactions,
                "processing_working_days": days,
                "availability_hours_per_day": 24,
                "digitisation_percent": Decimal(digitisation),
                "completion_percent": Decimal(completion),
                "display_order": order * 10,
                "is_active": True,
            },
        )
        for language, name in names.items():
            processing = IMMEDIATE[language]
            if days:
                processing = {"en": f"{days} working days", "ar": f"{days} أيام عمل",
                              "ms": f"{days} hari bekerja"}[language]
            Translation.objects.update_or_create(
                master=service, language_code=language,
                defaults={"name": name, "description": texts.get(language, ""),
                          "processing_time": processing, "availability": ALWAYS[language]},
            )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
