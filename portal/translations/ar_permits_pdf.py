# ruff: noqa: E501
"""Arabic for the PDF permit (permits/pdf.py) and its download link: read by `manage.py fill_translations` (portal/translations/__init__.py)."""

TRANSLATIONS = {
    "Ministry of Hajj and Umrah": "وزارة الحج والعمرة",
    "Permit holder": "صاحب التصريح",
    "The QR code is signed by the portal: anyone can verify it offline with the portal's public key, published at %(url)s.": "رمز الاستجابة السريعة موقَّع من البوابة: يمكن لأي أحد التحقق منه دون اتصال بالإنترنت بالمفتاح العام للبوابة المنشور على %(url)s.",
    "Download PDF": "تنزيل ملف PDF",
}
