"""The e-service catalogue in Persian, Urdu, Malay and Indonesian too.

0002 seeded the names and descriptions in Arabic and English (and Malay names only), so a
Persian, Urdu or Indonesian page fell back to English service names. This fills what is
missing and never overwrites a text staff have since written in the admin.
"""

from django.db import migrations

# code: {language: (name, description)}
TEXTS = {
    "hajj": {
        "fa": ("رزرو و صدور مجوز حج برای شهروندان و مقیمان",
               "برای حج داخلی ثبت‌نام کنید، بسته‌ای انتخاب کنید و مجوز حج خود را بگیرید."),
        "ur": ("شہریوں اور مقیمین کے لیے حج پرمٹ کی بکنگ اور اجرا",
               "داخلی حج کے لیے اندراج کریں، پیکیج منتخب کریں اور اپنا حج پرمٹ حاصل کریں۔"),
        "ms": (None, "Daftar untuk Haji domestik, pilih pakej dan terima permit Haji anda."),
        "id": ("Pemesanan dan penerbitan izin Haji bagi warga negara dan penduduk",
               "Daftar Haji domestik, pilih paket, dan terima izin Haji Anda."),
    },
    "hajj_cancel": {
        "fa": ("لغو رزرو مجوز حج",
               "رزرو حج خود را لغو کنید و مبلغ بازپرداختی را طبق مهلت‌های اعلام‌شده ببینید."),
        "ur": ("حج پرمٹ کی بکنگ منسوخ کرنا",
               "اپنی حج بکنگ منسوخ کریں اور اعلان شدہ مدتوں کے مطابق واپسی کی رقم دیکھیں۔"),
        "ms": (None, "Batalkan tempahan Haji anda dan lihat bayaran balik mengikut tempoh "
                     "yang diumumkan."),
        "id": ("Pembatalan pemesanan izin Haji",
               "Batalkan pemesanan Haji Anda dan lihat pengembalian dana sesuai jangka waktu "
               "yang diumumkan."),
    },
    "new_request": {
        "fa": ("درخواست معامله جدید",
               "درخواست یا پرسش خود را با اطلاعات لازم به وزارت بفرستید."),
        "ur": ("نئی درخواست", "ضروری معلومات کے ساتھ وزارت کو درخواست یا سوال بھیجیں۔"),
        "ms": (None, "Hantar permohonan atau soalan kepada kementerian dengan data yang "
                     "diperlukan."),
        "id": ("Permohonan transaksi baru",
               "Kirim permohonan atau pertanyaan kepada kementerian dengan data yang "
               "diperlukan."),
    },
    "inquiry": {
        "fa": ("استعلام معامله", "درخواستی را که فرستاده‌اید با شماره پیگیری آن دنبال کنید."),
        "ur": ("درخواست کی معلومات", "اپنی بھیجی ہوئی درخواست کو اس کے ٹریکنگ نمبر سے دیکھیں۔"),
        "ms": (None, "Ikuti permohonan yang anda hantar melalui nombor penjejakannya."),
        "id": ("Pertanyaan status transaksi",
               "Pantau permohonan yang Anda kirim dengan nomor pelacakannya."),
    },
    "new_request_abroad": {
        "fa": ("درخواست معامله جدید از خارج عربستان سعودی",
               "از خارج از عربستان درخواست خود را به وزارت بفرستید."),
        "ur": ("سعودی عرب سے باہر سے نئی درخواست",
               "مملکت سے باہر سے وزارت کو درخواست بھیجیں۔"),
        "ms": (None, "Hantar permohonan kepada kementerian dari luar Kerajaan Arab Saudi."),
        "id": ("Permohonan transaksi baru dari luar Arab Saudi",
               "Kirim permohonan kepada kementerian dari luar Kerajaan."),
    },
    "mashair_vehicle": {
        "fa": ("مجوز ورود خودرو به مشاعر مقدسه",
               "خودروهای بدون مجوز از ۵ تا ۱۳ ذی‌الحجه اجازه ورود به مشاعر مقدسه را ندارند."),
        "ur": ("مشاعر مقدسہ میں گاڑی کے داخلے کا پرمٹ",
               "بغیر پرمٹ گاڑیوں کا 5 سے 13 ذوالحجہ تک مشاعر مقدسہ میں داخلہ ممنوع ہے۔"),
        "ms": (None, "Kenderaan tanpa permit dilarang memasuki Mashair dari 5 hingga 13 "
                     "Zulhijah."),
        "id": ("Izin masuk kendaraan ke tempat suci (Masyair)",
               "Kendaraan tanpa izin dilarang memasuki tempat suci dari 5 hingga 13 "
               "Zulhijah."),
    },
    "rawdah_men": {
        "fa": ("مجوز زیارت روضه شریفه، آقایان",
               "برای زیارت روضه شریفه در مسجدالنبی نوبت بگیرید."),
        "ur": ("روضہ شریف کی زیارت کا پرمٹ، مرد",
               "مسجد نبوی میں روضہ شریف کی زیارت کے لیے وقت بک کریں۔"),
        "ms": (None, "Tempah slot masa untuk melawat Al-Rawdah Al-Sharifah di Masjid Nabawi."),
        "id": ("Izin ziarah Raudhah, pria",
               "Pesan jadwal untuk berziarah ke Raudhah di Masjid Nabawi."),
    },
    "rawdah_women": {
        "fa": ("مجوز زیارت روضه شریفه، بانوان",
               "در ساعات بانوان برای زیارت روضه شریفه نوبت بگیرید."),
        "ur": ("روضہ شریف کی زیارت کا پرمٹ، خواتین",
               "خواتین کے اوقات میں روضہ شریف کی زیارت کے لیے وقت بک کریں۔"),
        "ms": (None, "Tempah slot masa dalam waktu wanita untuk melawat Al-Rawdah "
                     "Al-Sharifah."),
        "id": ("Izin ziarah Raudhah, wanita",
               "Pesan jadwal pada jam khusus wanita untuk berziarah ke Raudhah."),
    },
    "umrah": {
        "fa": ("رزرو مجوز عمره", "برای خود و همراهانتان نوبت عمره بگیرید."),
        "ur": ("عمرہ پرمٹ کی بکنگ", "اپنے اور اپنے ساتھیوں کے لیے عمرہ کا وقت بک کریں۔"),
        "ms": (None, "Tempah slot masa Umrah untuk diri anda dan teman anda."),
        "id": ("Pemesanan izin Umrah", "Pesan jadwal Umrah untuk Anda dan pendamping Anda."),
    },
    "hajj_package": {
        "fa": ("سفارش بسته‌های حج",
               "بسته‌های حج شرکت‌های دارای مجوز را مقایسه و یکی را سفارش دهید."),
        "ur": ("حج پیکیج کا آرڈر",
               "لائسنس یافتہ کمپنیوں کے حج پیکیجز کا موازنہ کریں اور ایک کا آرڈر دیں۔"),
        "ms": (None, "Bandingkan pakej Haji syarikat berlesen dan pesan satu."),
        "id": ("Pemesanan paket Haji",
               "Bandingkan paket Haji dari penyelenggara berizin dan pesan salah satunya."),
    },
}
IMMEDIATE = {"fa": "فوری", "ur": "فوری", "ms": "Segera", "id": "Segera"}
WORKING_DAYS = {"fa": "{days} روز کاری", "ur": "{days} کام کے دن", "ms": "{days} hari bekerja",
                "id": "{days} hari kerja"}


def seed(apps, schema_editor):
    EService = apps.get_model("portal", "EService")
    Translation = apps.get_model("portal", "EServiceTranslation")
    for service in EService.objects.filter(code__in=TEXTS):
        days = service.processing_working_days
        for language, (name, description) in TEXTS[service.code].items():
            row, _created = Translation.objects.get_or_create(
                master=service, language_code=language, defaults={"name": name or ""})
            if not row.name and name:
                row.name = name
            if not row.description:
                row.description = description
            if not row.processing_time:
                row.processing_time = (WORKING_DAYS[language].format(days=days) if days
                                       else IMMEDIATE[language])
            if not row.availability:
                row.availability = "24/7"
            row.save()


class Migration(migrations.Migration):
    dependencies = [("portal", "0009_scheduled_rule_changes")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
