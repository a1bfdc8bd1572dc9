"""Create one group per role. Permissions are granted here for the models that exist now and
again after every migrate (accounts.apps), as other apps add their models."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_role_groups(apps, schema_editor):
    from accounts.roles import (
        PORTAL_APPS, ROLE_PERMISSION_PREFIXES, ROLE_PERMISSIONS, ROLES, SENSITIVE_PERMISSIONS,
    )

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        for name in ROLE_PERMISSIONS[role]:
            app_label, codename = name.split(".")
            group.permissions.add(*Permission.objects.filter(
                content_type__app_label=app_label, codename=codename))
        for prefix in ROLE_PERMISSION_PREFIXES.get(role, ()):
            group.permissions.add(*Permission.objects.filter(
                content_type__app_label__in=PORTAL_APPS, codename__startswith=prefix,
            ).exclude(codename__in=SENSITIVE_PERMISSIONS))


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_profiles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
