"""Demo centre: /centres/riyadh-main/kiosk/ and /centres/riyadh-main/display/ (idempotent)."""

from .models import Centre, CentreService, Counter

SERVICES = [
    ("hajj", "hajj", "0", {"en": ("Hajj registration help", "Identity card\nDeposit receipt"),
                           "ar": ("المساعدة في تسجيل الحج", "الهوية الوطنية\nإيصال العربون")}),
    ("umrah", "umrah", "0", {"en": ("Umrah permit help", "Identity card"),
                             "ar": ("المساعدة في تصريح العمرة", "الهوية الوطنية")}),
]


def demo_load():
    centre, _created = Centre.objects.get_or_create(code="riyadh-main")
    for language, name in (("en", "Riyadh service centre"), ("ar", "مركز خدمة الرياض")):
        centre.set_current_language(language)
        centre.name = name
    centre.save()
    services = []
    for code, eservice, fee, texts in SERVICES:
        service, _created = CentreService.objects.get_or_create(
            centre=centre, code=code, defaults={"fee": fee, "eservice_code": eservice})
        for language, (name, documents) in texts.items():
            service.set_current_language(language)
            service.name, service.required_documents = name, documents
        service.save()
        services.append(service)
    for label in ("1", "2"):
        counter, _created = Counter.objects.get_or_create(centre=centre, label=label)
        counter.services.set(services)
