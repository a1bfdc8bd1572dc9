"""The suggestion e-service of the catalogue, where the desk's suggestions are counted.

Seeded after every migrate (and after a test database's flush), idempotently: rows that
staff edited are left as they are. The charter publishes no numeric targets for
suggestions; the processing time is the enquiry default of RULES.md section 6 (a reply
within 14 working days), the satisfaction target is left to the SLA policy, and staff edit
both in the admin.
"""

from decimal import Decimal

CODE = "suggestion"
WORKING_DAYS = 14
TEXTS = {
    "en": ("Suggestion", "Suggest an improvement to a service; you get a reference at once "
           "and a reply.", "14 working days"),
    "ar": ("تقديم مقترح", "اقترح تحسينًا لإحدى الخدمات؛ تحصل على رقم مرجعي فورًا وعلى رد.",
           "14 يوم عمل"),
    "ms": ("Cadangan", "Cadangkan penambahbaikan sesuatu perkhidmatan; anda menerima nombor "
           "rujukan serta-merta dan jawapan.", "14 hari bekerja"),
    "fa": ("ثبت پیشنهاد", "برای بهبود یک خدمت پیشنهاد دهید؛ بی‌درنگ شماره پیگیری و سپس پاسخ "
           "دریافت می‌کنید.", "14 روز کاری"),
    "ur": ("تجویز", "کسی خدمت کی بہتری کی تجویز دیں؛ آپ کو فوراً حوالہ نمبر اور پھر جواب "
           "ملے گا۔", "14 کام کے دن"),
    "id": ("Saran", "Sarankan perbaikan suatu layanan; Anda langsung menerima nomor referensi "
           "dan kemudian jawaban.", "14 hari kerja"),
}


def suggestion_service_seed(**kwargs) -> None:
    from portal.models import EService

    translation_model = EService._parler_meta.root_model

    service, _created = EService.objects.get_or_create(code=CODE, defaults={
        "satisfaction_target": None, "yearly_transactions": 0,
        "processing_working_days": WORKING_DAYS, "availability_hours_per_day": 24,
        "digitisation_percent": Decimal("100"), "completion_percent": Decimal("100"),
        "url_name": "servicedesk:suggest", "display_order": 120, "is_active": True,
    })
    for language, (name, description, processing) in TEXTS.items():
        translation_model.objects.get_or_create(
            master=service, language_code=language,
            defaults={"name": name, "description": description,
                      "processing_time": processing, "availability": "24/7"})
