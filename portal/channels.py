"""The ministry's published contact channels (e-SLA, seed 000), kept once: the data
migration seeds them and the demo data re-applies the same rows. Staff edit them in the
admin afterwards; every page and message reads the care-centre number from the row.

The e-mail address is obfuscated in the published source, so it is unverified: staff set
the real one in the admin.
"""

ALWAYS = {"en": "24 hours a day", "ar": "على مدار الساعة", "ms": "24 jam sehari",
          "id": "24 jam sehari", "fa": "شبانه‌روزی", "ur": "چوبیس گھنٹے"}

# kind, value, display order, labels, opening hours
CHANNELS = [
    ("care_centre", "920002814", 10,
     {"en": "Care centre (inside and outside the Kingdom)",
      "ar": "مركز العناية (من داخل المملكة وخارجها)",
      "ms": "Pusat khidmat pelanggan (dari dalam dan luar Kerajaan)",
      "id": "Pusat layanan (dari dalam dan luar Kerajaan)",
      "fa": "مرکز رسیدگی (از داخل و خارج پادشاهی)",
      "ur": "کیئر سینٹر (مملکت کے اندر اور باہر سے)"},
     ALWAYS),
    ("phone_outside", "+966 920002814", 20,
     {"en": "From outside the Kingdom", "ar": "من خارج المملكة", "ms": "Dari luar Kerajaan",
      "id": "Dari luar Kerajaan", "fa": "از خارج پادشاهی", "ur": "مملکت کے باہر سے"},
     ALWAYS),
    ("phone_inside", "1966", 30,
     {"en": "From inside the Kingdom", "ar": "من داخل المملكة", "ms": "Dari dalam Kerajaan",
      "id": "Dari dalam Kerajaan", "fa": "از داخل پادشاهی", "ur": "مملکت کے اندر سے"},
     ALWAYS),
    ("email", "care@haj.gov.sa", 40,
     {"en": "E-mail", "ar": "البريد الإلكتروني", "ms": "E-mel", "id": "Surel",
      "fa": "ایمیل", "ur": "ای میل"},
     {"en": "Answered within one working day", "ar": "نرد خلال يوم عمل واحد",
      "ms": "Dijawab dalam satu hari bekerja", "id": "Dijawab dalam satu hari kerja",
      "fa": "پاسخ در یک روز کاری", "ur": "ایک کاری دن میں جواب"}),
    ("web", "https://www.haj.gov.sa/Contact", 50,
     {"en": "Contact form on the ministry's website", "ar": "نموذج التواصل في موقع الوزارة",
      "ms": "Borang hubungan di laman web kementerian",
      "id": "Formulir kontak di situs web kementerian",
      "fa": "فرم تماس در وبگاه وزارت", "ur": "وزارت کی ویب سائٹ پر رابطہ فارم"},
     {}),
]


def channels_seed(channel_model, translation_model) -> None:
    """Create or update the published channels (models passed in: a migration gives its
    historical ones). Rows are found by kind and value, so a second run changes nothing."""
    for kind, value, order, labels, hours in CHANNELS:
        channel, _created = channel_model.objects.update_or_create(
            kind=kind, value=value, defaults={"display_order": order, "is_active": True})
        for language, label in labels.items():
            translation_model.objects.update_or_create(
                master=channel, language_code=language,
                defaults={"label": label, "hours": hours.get(language, "")})
