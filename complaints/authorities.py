"""The national complaints systems the portal reports to, seeded idempotently.

The sources name one body over this portal's complaints: the Ministry of Hajj and Umrah's
monitoring and follow-up committees (seed 003, escalation step 3: a provider that does not
respond is reported to "the ministry's monitors (monitoring and follow-up committees)"
through the care centre). The other systems the sources name, Egypt's unified government
complaints system (seed 001) and Bahrain's Tawasul (seed 004), belong to those countries'
own services and receive nothing from this portal, so they are not seeded; staff add an
authority in the admin when one is agreed. Rows staff edited are left as they are.
"""

CODE = "mohu-monitoring"
NAMES = {
    "en": "Ministry of Hajj and Umrah: monitoring and follow-up committees",
    "ar": "وزارة الحج والعمرة: لجان المراقبة والمتابعة",
    "ms": "Kementerian Haji dan Umrah: jawatankuasa pemantauan dan susulan",
    "fa": "وزارت حج و عمره: کمیته‌های نظارت و پیگیری",
    "ur": "وزارتِ حج و عمرہ: نگرانی اور پیروی کی کمیٹیاں",
    "id": "Kementerian Haji dan Umrah: komite pengawasan dan tindak lanjut",
}


def authorities_seed(**kwargs) -> None:
    from .models import ReportingAuthority

    authority, created = ReportingAuthority.objects.get_or_create(code=CODE)
    if not created:
        return
    for language, name in NAMES.items():
        authority.create_translation(language, name=name)
