"""Enquiries (the "question" types) are answered within 14 working days, the figure
Bahrain's Tawasul publishes; the escalation chain starts with two levels (the team's lead,
then a second-line ministry team). Staff change every figure in the admin; these are
starting values."""

from django.db import migrations

ENQUIRY_REPLY_WORKING_DAYS = 14
SECOND_LINE = "Second line: Ministry of Hajj and Umrah"
# (level, holder, hours after the missed deadline, working days of the new expectation)
CHAIN = [(1, "team_lead", 0, 2), (2, "second_line", 48, 3)]


def seed(apps, schema_editor):
    RequestType = apps.get_model("servicedesk", "RequestType")
    RequestType.objects.filter(kind="question", reply_working_days__isnull=True).update(
        reply_working_days=ENQUIRY_REPLY_WORKING_DAYS)
    Group = apps.get_model("auth", "Group")
    ExpertTeam = apps.get_model("servicedesk", "ExpertTeam")
    EscalationStep = apps.get_model("servicedesk", "EscalationStep")
    if EscalationStep.objects.exists():
        return
    second_line, _created = ExpertTeam.objects.get_or_create(
        group=Group.objects.get_or_create(name=SECOND_LINE)[0],
        defaults={"is_second_line": True})
    for level, holder, after, days in CHAIN:
        EscalationStep.objects.create(
            level=level, holder=holder, after_hours=after, answer_within_working_days=days,
            team=second_line if holder == "second_line" else None)


def grant(apps, schema_editor):
    """The second-line team works its queue in the admin like every expert team."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config("servicedesk"), verbosity=0)
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="servicedesk",
        codename__in=["view_deskrequest", "change_deskrequest", "view_message", "add_message",
                      "view_attachment"])
    for team in apps.get_model("servicedesk", "ExpertTeam").objects.filter(
            is_second_line=True).select_related("group"):
        team.group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("servicedesk", "0003_escalation_chain")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop),
                  migrations.RunPython(grant, migrations.RunPython.noop)]
