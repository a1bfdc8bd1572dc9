"""Roles are auth groups with permissions; this module is the single list of them.

The groups are created by a data migration and re-synchronised after every `migrate`
(post_migrate, see apps.py), because permissions of models added later by other apps only
exist once their migrations ran. Object-level rules (which provider's records a member of
provider staff may touch) live in the apps themselves, using `provider_for_staff`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import StaffProfile

if TYPE_CHECKING:
    from packages.models import Provider

PILGRIM = "pilgrim"
PROVIDER_STAFF = "provider_staff"
CARE_AGENT = "care_centre_agent"
MONITOR = "ministry_monitor"
MINISTRY_ADMIN = "ministry_admin"
HELP_DESK_LEAD = "help_desk_lead"

ROLE_LABELS = {
    PILGRIM: _("Pilgrim"),
    PROVIDER_STAFF: _("Provider staff"),
    CARE_AGENT: _("Care-centre agent"),
    MONITOR: _("Ministry monitor"),
    MINISTRY_ADMIN: _("Ministry administrator"),
    HELP_DESK_LEAD: _("Help desk team lead"),
}
ROLES = tuple(ROLE_LABELS)
# Staff roles work in the back office (the admin), so they must use MFA.
STAFF_ROLES = (PROVIDER_STAFF, CARE_AGENT, MONITOR, MINISTRY_ADMIN, HELP_DESK_LEAD)

# The portal's own apps: monitors see all their data, ministry administrators manage it.
PORTAL_APPS = ("accounts", "portal", "notifications", "permits", "packages", "complaints",
               "compensation", "refunds", "ledger", "sla", "servicedesk", "transfers",
               "centres", "legal", "casework")

# Explicit grants as "app_label.codename"; missing ones (model not migrated yet) are skipped.
ROLE_PERMISSIONS = {
    PILGRIM: [],  # pilgrims act through the e-services, never through the admin
    PROVIDER_STAFF: ["packages.view_provider", "packages.view_contract",
                     "complaints.view_complaint", "complaints.change_complaint",
                     "complaints.add_complaint", "compensation.view_claim",
                     # Their own company's money only (ledger.admin and compensation.admin
                     # scope the rows).
                     "ledger.view_transfer", "compensation.view_providerdebt",
                     "compensation.view_guaranteerelease"],
    CARE_AGENT: [
        "accounts.view_user", "accounts.view_pilgrimprofile", "accounts.view_full_identity",
        "packages.view_provider", "packages.view_contract",
        "complaints.view_complaint", "complaints.change_complaint", "complaints.add_complaint",
        "complaints.view_escalatedcomplaint", "complaints.change_escalatedcomplaint",
        "compensation.view_claim", "compensation.change_claim", "compensation.view_annexrule",
        "compensation.view_providerdebt", "compensation.change_providerdebt",
        "compensation.view_guaranteerelease",
    ],
    MONITOR: ["complaints.change_escalatedcomplaint", "compensation.change_claim",
              "compensation.change_providerdebt", "complaints.add_sanction",
              # The monthly reports for the national complaints systems: monitors only.
              "complaints.download_monthlyreport",
              # They may move a case another help-desk agent holds (casework.services).
              "casework.reassign_others"],
    MINISTRY_ADMIN: [
        "auth.view_group", "accounts.view_full_identity", "casework.reassign_others",
    ],
    # A care-centre agent who also writes the help desk's canned replies (agents only
    # choose them); the lead works cases as a member of the role of agents too.
    HELP_DESK_LEAD: ["casework.view_cannedreply", "casework.add_cannedreply",
                     "casework.change_cannedreply", "casework.delete_cannedreply"],
}
# Pattern grants over every model of PORTAL_APPS: (role, codename prefixes). Sensitive
# permissions are never granted by pattern, only by name.
SENSITIVE_PERMISSIONS = ("view_full_identity",)
ROLE_PERMISSION_PREFIXES = {
    MONITOR: ("view_",),
    MINISTRY_ADMIN: ("view_", "add_", "change_", "delete_"),
}


def role_permissions_queryset(role):
    query = Q(pk__in=[])
    for name in ROLE_PERMISSIONS[role]:
        app_label, codename = name.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    for prefix in ROLE_PERMISSION_PREFIXES.get(role, ()):
        query |= Q(content_type__app_label__in=PORTAL_APPS, codename__startswith=prefix) & ~Q(
            codename__in=SENSITIVE_PERMISSIONS)
    return Permission.objects.filter(query)


def sync_role_groups():
    """Create the groups and grant their permissions (idempotent; keeps extra grants staff
    added in the admin)."""
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.add(*role_permissions_queryset(role))


def user_has_role(user, role: str) -> bool:
    """Membership of the role's group; an anonymous user has no role."""
    if user is None or not user.is_authenticated:
        return False
    return user.groups.filter(name=role).exists()


def is_ministry_admin(user) -> bool:
    """A ministry administrator (or a superuser): approves packages and exemption claims."""
    return bool(user and (user.is_superuser or user_has_role(user, MINISTRY_ADMIN)))


def is_ministry_staff(user) -> bool:
    """Anyone acting for the ministry side (care centre, monitors, administrators, a
    superuser): handles any provider's complaints and decides compensation claims."""
    return bool(user and (user.is_superuser or any(
        user_has_role(user, role) for role in (CARE_AGENT, MONITOR, MINISTRY_ADMIN))))


def is_provider_staff(user) -> bool:
    """Provider staff (never a superuser): reach only their own company's records."""
    return bool(user and not user.is_superuser and user_has_role(user, PROVIDER_STAFF))


def user_roles(user) -> list[str]:
    if user is None or not user.is_authenticated:
        return []
    names = set(user.groups.values_list("name", flat=True))
    return [role for role in ROLES if role in names]


def provider_for_staff(user) -> Provider | None:
    """The provider company a member of provider staff works for, else None.

    Apps use it for object-level permissions: provider staff only see their own company's
    contracts, complaints, etc. An inactive provider gives its staff no access.
    """
    if not user_has_role(user, PROVIDER_STAFF):
        return None

    staff = (StaffProfile.objects.select_related("provider")
             .filter(user_id=user.pk, provider__is_active=True).first())
    return staff.provider if staff else None
