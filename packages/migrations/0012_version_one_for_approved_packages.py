"""Version 1 of every package the ministry approved, and its contracts pointed at it.

A package counts as approved when it was published (still on sale or withdrawn since) or
carries an approval time. Its version 1 is a copy of the package as it stands (fields,
translations, service-levels table), approved by whoever approved the package. Contracts
of such a package are pointed at that version: it is the nearest record of what they
bought (their price per person was already kept on the contract itself).

A package never approved gets no version here: its provider still edits the package
itself, and its first version is written when the ministry approves it
(packages.services.package_approve), so a draft copy made now could only go stale.
"""

from django.db import migrations
from django.db.models import Q

FIELDS = ("category", "price", "places_total", "camp_site", "camp_code",
          "distance_to_jamarat_m", "departure_city")
TEXTS = ("name", "description", "camp_location", "assembly_points")
ROW = ("service", "position", "description", "time_frame", "how_requested", "how_delivered")


def forwards(apps, schema_editor):
    Package = apps.get_model("packages", "Package")
    PackageTranslation = apps.get_model("packages", "PackageTranslation")
    PackageVersion = apps.get_model("packages", "PackageVersion")
    PackageVersionTranslation = apps.get_model("packages", "PackageVersionTranslation")
    ServiceLevel = apps.get_model("packages", "ServiceLevel")
    VersionServiceLevel = apps.get_model("packages", "VersionServiceLevel")
    Contract = apps.get_model("packages", "Contract")
    approved = Package.objects.filter(
        Q(status__in=["published", "withdrawn"]) | Q(approved_at__isnull=False),
        current_version__isnull=True)
    for package in approved.order_by("pk"):
        version = PackageVersion.objects.create(
            package=package, number=1, status="approved",
            decided_by_id=package.approved_by_id,
            decided_at=package.approved_at or package.created_at,
            created_at=package.approved_at or package.created_at,
            **{name: getattr(package, name) for name in FIELDS})
        for text in PackageTranslation.objects.filter(master_id=package.pk):
            PackageVersionTranslation.objects.create(
                master_id=version.pk, language_code=text.language_code,
                **{name: getattr(text, name) for name in TEXTS})
        VersionServiceLevel.objects.bulk_create(
            VersionServiceLevel(version=version, **{name: getattr(row, name) for name in ROW})
            for row in ServiceLevel.objects.filter(package_id=package.pk))
        Package.objects.filter(pk=package.pk).update(current_version=version)
        Contract.objects.filter(package_id=package.pk, version__isnull=True).update(
            version=version)


def backwards(apps, schema_editor):
    Package = apps.get_model("packages", "Package")
    Contract = apps.get_model("packages", "Contract")
    PackageVersion = apps.get_model("packages", "PackageVersion")
    Contract.objects.update(version=None)
    Package.objects.update(current_version=None)
    PackageVersion.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [("packages", "0011_package_versions")]

    operations = [migrations.RunPython(forwards, backwards)]
