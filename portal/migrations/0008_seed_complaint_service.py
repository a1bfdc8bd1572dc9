"""Complaints are an e-service of their own in the catalogue, measured like the others
(until now their transactions were counted as "new transaction request").

The ministry publishes no service level for complaints (RULES.md section 1); the seeded
targets are the complaint-handling defaults RULES.md section 6 names (replies within 14
working days; satisfaction from the policy's portal floor, 80%), and no digitisation target
since a complaint may be made by phone or at a counter. Staff edit them in the admin.
"""

from decimal import Decimal

from django.db import migrations

CODE = "complaint"
WORKING_DAYS = 14
TEXTS = {
    "en": ("Complaint", "Complain about a provider or a ministry service and follow it to "
           "its resolution.", "14 working days"),
    "ar": ("تقديم شكوى", "قدّم شكوى على شركة أو على خدمة من خدمات الوزارة وتابعها حتى حلّها.",
           "14 يوم عمل"),
    "ms": ("Aduan", "Buat aduan tentang syarikat atau perkhidmatan kementerian dan ikutinya "
           "sehingga selesai.", "14 hari bekerja"),
    "fa": ("ثبت شکایت", "از یک شرکت یا یکی از خدمات وزارت شکایت کنید و آن را تا رسیدگی "
           "پیگیری کنید.", "14 روز کاری"),
    "ur": ("شکایت درج کرنا", "کسی کمپنی یا وزارت کی کسی خدمت کے بارے میں شکایت درج کریں اور "
           "اس کے حل تک اس کی پیروی کریں۔", "14 کام کے دن"),
    "id": ("Pengaduan", "Ajukan pengaduan tentang perusahaan atau layanan kementerian dan "
           "ikuti hingga selesai.", "14 hari kerja"),
}


def seed(apps, schema_editor):
    EService = apps.get_model("portal", "EService")
    Translation = apps.get_model("portal", "EServiceTranslation")
    service, _created = EService.objects.get_or_create(code=CODE, defaults={
        "satisfaction_target": None, "yearly_transactions": 0,
        "processing_working_days": WORKING_DAYS, "availability_hours_per_day": 24,
        "digitisation_percent": Decimal("0"), "completion_percent": Decimal("100"),
        "url_name": "complaints:new", "display_order": 110, "is_active": True,
    })
    for language, (name, description, processing) in TEXTS.items():
        Translation.objects.get_or_create(
            master=service, language_code=language,
            defaults={"name": name, "description": description,
                      "processing_time": processing, "availability": "24/7"})


def unseed(apps, schema_editor):
    apps.get_model("portal", "EService").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0007_seed_support_channels")]

    operations = [migrations.RunPython(seed, unseed)]
