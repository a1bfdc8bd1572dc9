"""Seed the desk: three request types (RULES.md sections 1 and 3), seven topics, one expert
team per topic area, and the e-service catalogue's pages for new requests and the inquiry.
Staff change every figure in the admin; these are starting values."""

from decimal import Decimal

from django.db import migrations

TYPES = [
    ("new_request", "new_request", Decimal("0"), 24, 72,
     {"en": "New transaction request (inside Saudi Arabia)",
      "ar": "طلب معاملة جديدة (من داخل المملكة)"},
     {"en": "Copy of your identity document\nSupporting documents of the request",
      "ar": "صورة وثيقة الهوية\nالمستندات المؤيدة للطلب"}),
    ("new_request_abroad", "new_request_abroad", Decimal("0"), 48, 120,
     {"en": "New transaction request (from outside Saudi Arabia)",
      "ar": "طلب معاملة جديدة (من خارج المملكة)"},
     {"en": "Copy of your passport\nSupporting documents of the request",
      "ar": "صورة جواز السفر\nالمستندات المؤيدة للطلب"}),
    ("question", "question", Decimal("0"), 24, 48,
     {"en": "Question", "ar": "استفسار"}, {"en": "", "ar": ""}),
]

TEAMS = {"hajj": "Desk experts: Hajj and permits", "umrah": "Desk experts: Umrah and Rawdah",
         "money": "Desk experts: packages, payments and refunds",
         "general": "Desk experts: general"}

TOPICS = [
    ("hajj", "hajj", {"en": "Hajj", "ar": "الحج"}),
    ("umrah", "umrah", {"en": "Umrah", "ar": "العمرة"}),
    ("rawdah", "umrah", {"en": "Rawdah", "ar": "الروضة الشريفة"}),
    ("packages", "money", {"en": "Packages", "ar": "الباقات"}),
    ("payments", "money", {"en": "Payments and refunds", "ar": "المدفوعات والاسترداد"}),
    ("permits", "hajj", {"en": "Permits", "ar": "التصاريح"}),
    ("other", "general", {"en": "Other", "ar": "أخرى"}),
]

PAGES = {"new_request": "servicedesk:new", "new_request_abroad": "servicedesk:new",
         "inquiry": "servicedesk:inquiry"}

TEAM_PERMISSIONS = ["view_deskrequest", "change_deskrequest", "view_message", "add_message",
                    "view_attachment"]


def _teams(apps):
    Group = apps.get_model("auth", "Group")
    ExpertTeam = apps.get_model("servicedesk", "ExpertTeam")
    return {key: ExpertTeam.objects.get_or_create(
        group=Group.objects.get_or_create(name=name)[0])[0] for key, name in TEAMS.items()}


def seed(apps, schema_editor):
    RequestType = apps.get_model("servicedesk", "RequestType")
    TypeTranslation = apps.get_model("servicedesk", "RequestTypeTranslation")
    Topic = apps.get_model("servicedesk", "Topic")
    TopicTranslation = apps.get_model("servicedesk", "TopicTranslation")
    for order, (code, kind, fee, first, resolution, names, documents) in enumerate(TYPES, 1):
        request_type, _created = RequestType.objects.update_or_create(code=code, defaults={
            "kind": kind, "fee": fee, "first_response_hours": first,
            "resolution_hours": resolution, "display_order": order * 10})
        for language, name in names.items():
            TypeTranslation.objects.update_or_create(
                master=request_type, language_code=language,
                defaults={"name": name, "required_documents": documents[language]})
    teams = _teams(apps)
    for order, (code, team, names) in enumerate(TOPICS, 1):
        topic, _created = Topic.objects.update_or_create(
            code=code, defaults={"team": teams[team], "display_order": order * 10})
        for language, name in names.items():
            TopicTranslation.objects.update_or_create(master=topic, language_code=language,
                                                      defaults={"name": name})
    EService = apps.get_model("portal", "EService")
    for code, url_name in PAGES.items():
        EService.objects.filter(code=code, url_name="").update(url_name=url_name)


def grant(apps, schema_editor):
    """Team groups may work their queue in the admin (permissions exist after migrate)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config("servicedesk"), verbosity=0)
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="servicedesk",
                                            codename__in=TEAM_PERMISSIONS)
    for team in _teams(apps).values():
        team.group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("servicedesk", "0001_initial"), ("portal", "0002_seed_eservices"),
                    ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop),
                  migrations.RunPython(grant, migrations.RunPython.noop)]
