"""The published defaults (RULES.md section 6) and a starting list of provinces."""

from django.db import migrations

PROVINCES = [("riyadh", "Riyadh", "الرياض"), ("makkah", "Makkah", "مكة المكرمة"),
             ("madinah", "Madinah", "المدينة المنورة"), ("eastern", "Eastern Province",
                                                         "المنطقة الشرقية"),
             ("qassim", "Qassim", "القصيم"), ("asir", "Asir", "عسير")]


def seed(apps, schema_editor):
    TransferRules = apps.get_model("transfers", "TransferRules")
    if not TransferRules.objects.exists():
        TransferRules.objects.create()
    Province = apps.get_model("transfers", "Province")
    Translation = apps.get_model("transfers", "ProvinceTranslation")
    for code, english, arabic in PROVINCES:
        province, _created = Province.objects.get_or_create(code=code)
        for language, name in (("en", english), ("ar", arabic)):
            Translation.objects.update_or_create(master=province, language_code=language,
                                                 defaults={"name": name})


def grant_agents(apps, schema_editor):
    """Agents' staff (provider staff) work their matches in the admin; the view is scoped to
    their own agency by MatchAdmin.get_queryset."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config("transfers"), verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name="provider_staff")
    group.permissions.add(*Permission.objects.filter(
        content_type__app_label="transfers", codename__in=["view_match", "change_match"]))


class Migration(migrations.Migration):
    dependencies = [("transfers", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop),
                  migrations.RunPython(grant_agents, migrations.RunPython.noop)]
