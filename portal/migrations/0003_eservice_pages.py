"""Point the catalogue's e-services at the pages that now serve them."""

from django.db import migrations

PAGES = {
    "hajj": "permits:hajj",
    "hajj_cancel": "permits:mine",
    "mashair_vehicle": "permits:vehicle",
    "rawdah_men": "permits:calendar rawdah_men",
    "rawdah_women": "permits:calendar rawdah_women",
    "umrah": "permits:calendar umrah",
    "hajj_package": "packages:list",
}


def link_pages(apps, schema_editor):
    EService = apps.get_model("portal", "EService")
    for code, url_name in PAGES.items():
        EService.objects.filter(code=code, url_name="").update(url_name=url_name)


def unlink_pages(apps, schema_editor):
    EService = apps.get_model("portal", "EService")
    for code, url_name in PAGES.items():
        EService.objects.filter(code=code, url_name=url_name).update(url_name="")


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_seed_eservices")]

    operations = [migrations.RunPython(link_pages, unlink_pages)]
