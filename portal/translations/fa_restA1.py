# ruff: noqa: E501  (translation tables: one message per line reads best)
"""Persian: catalogue entries, part A1."""

TRANSLATIONS = {
    "No ticket is called at this counter.": "در این باجه هیچ نوبتی فراخوانده نشده است.",
    "Waiting": "در انتظار",
    "Served": "خدمت‌رسانی شد",
    "Did not come": "حاضر نشد",
    "Amount": "مبلغ",
    "Compensation": "غرامت",
    "Service": "خدمت",
    "Why?": "چرا؟",
    "Hajj packages": "بسته‌های حج",
    "This contract can no longer be cancelled.": "این قرارداد دیگر قابل لغو نیست.",
    "Category": "دسته",
    "Departure city": "شهر مبدأ",
    "Camp": "اردوگاه",
    "Full name": "نام و نام خانوادگی",
    "Identity document": "مدرک هویتی",
    "Gender": "جنسیت",
    "Date of birth": "تاریخ تولد",
    "Issued": "صادر شده",
    "mahram": "محرم",
    "Permits": "مجوزها",
    "I have read and accept the instructions": "دستورالعمل‌ها را خوانده‌ام و می‌پذیرم",
    "Plate number": "شماره پلاک",
}
