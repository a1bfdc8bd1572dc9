"""Admin for users, pilgrim profiles and staff profiles.

Identity numbers are masked in every list and form unless the viewer holds
accounts.view_full_identity; only those staff may also search by identity number.
"""

import json

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from pghistory.admin import EventsAdmin

from . import roles
from .masking import mask_digits_in_text, mask_identity_number
from .models import PilgrimProfile, PilgrimProfileEvent, StaffProfile, User
from .selectors import FULL_IDENTITY_PERMISSION, identity_number_for
from .services import profile_save, staff_assign_provider

# Staff sign in through allauth: its rate limits and its MFA step protect the admin too.
admin.site.login = secure_admin_login(admin.site.login)


def identity_column(request, attribute=None):
    """A list column showing the identity number as the viewing staff member may see it."""
    def identity(obj):
        record = getattr(obj, attribute, None) if attribute else obj
        if record is None:
            return "-"
        return identity_number_for(record.id_number, request.user, owner=record.user_id)

    identity.short_description = _("identity number")
    return identity


def may_see_full_identity(request):
    return request.user.has_perm(FULL_IDENTITY_PERMISSION)


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    verbose_name_plural = _("staff profile")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("email", "full_name", "roles", "is_staff", "is_active")
    list_select_related = ("profile",)
    list_filter = ("is_staff", "is_active", "groups")
    search_fields = ("email", "username", "first_name", "last_name", "profile__full_name")
    ordering = ("email",)
    inlines = [StaffProfileInline]

    def get_list_display(self, request):
        return (*self.list_display[:2], identity_column(request, "profile"),
                *self.list_display[2:])

    def get_search_fields(self, request):
        if may_see_full_identity(request):
            return (*self.search_fields, "=profile__id_number")
        return self.search_fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("full name"))
    def full_name(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.full_name if profile else obj.get_full_name()

    @admin.display(description=_("roles"))
    def roles(self, obj):
        names = {group.name for group in obj.groups.all()}
        return ", ".join(str(label) for role, label in roles.ROLE_LABELS.items() if role in names)


@admin.register(PilgrimProfile)
class PilgrimProfileAdmin(admin.ModelAdmin):
    list_display = ("full_name", "user", "id_type", "nationality", "gender", "mobile")
    list_filter = ("id_type", "gender", "nationality", "preferred_language")
    list_select_related = ("user",)
    search_fields = ("full_name", "user__email")
    autocomplete_fields = ["user"]
    fields = ("user", "full_name", "id_type", "id_number", "nationality", "gender",
              "date_of_birth", "mobile", "preferred_language")

    def get_list_display(self, request):
        return (*self.list_display[:3], identity_column(request), *self.list_display[3:])

    def get_search_fields(self, request):
        if may_see_full_identity(request):
            return (*self.search_fields, "=id_number")
        return self.search_fields

    def get_fields(self, request, obj=None):
        if obj is None or may_see_full_identity(request):
            return self.fields
        return tuple("masked_id_number" if f == "id_number" else f for f in self.fields)

    def get_readonly_fields(self, request, obj=None):
        if obj is None or may_see_full_identity(request):
            return ("user",) if obj else ()
        return ("user", "masked_id_number")

    @admin.display(description=_("identity number"))
    def masked_id_number(self, obj):
        return mask_identity_number(obj.id_number)

    def save_model(self, request, obj, form, change):
        data = {field: form.cleaned_data[field] for field in form.cleaned_data
                if field != "user"}
        saved = profile_save(user=obj.user, acting_user=request.user, data=data)
        obj.pk = saved.pk


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "provider")
    list_select_related = ("user", "provider")
    list_filter = ("provider",)
    search_fields = ("user__email", "provider__name")
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        staff_assign_provider(user=obj.user, provider=obj.provider)


@admin.register(PilgrimProfileEvent)
class PilgrimProfileEventAdmin(admin.ModelAdmin):
    """The profile's audit trail (pghistory): read only, identity masked as everywhere."""

    list_display = ("pgh_created_at", "pgh_label", "full_name", "pgh_context")
    list_filter = ("pgh_label",)
    search_fields = ("full_name",)

    def get_list_display(self, request):
        return (*self.list_display[:3], identity_column(request), *self.list_display[3:])

    def get_exclude(self, request, obj=None):
        return () if may_see_full_identity(request) else ("id_number",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class IdentityMaskedEventsAdmin(EventsAdmin):
    """pghistory's list of every audit event (PGHISTORY_ADMIN_CLASS), with identity numbers
    in the recorded data masked for staff without the full-identity permission, as in every
    other list: the events of a profile carry its number."""

    MASKED = {"pgh_data": "data_masked", "pgh_diff": "changes_masked"}

    def get_list_display(self, request):
        return self._masked_names(request, super().get_list_display(request))

    def get_fields(self, request, obj=None):
        return self._masked_names(request, super().get_fields(request, obj))

    def _masked_names(self, request, names):
        if may_see_full_identity(request):
            return names
        return [self.MASKED.get(name, name) for name in names]

    @admin.display(description=_("data"))
    def data_masked(self, event):
        return _masked_json(event.pgh_data)

    @admin.display(description=_("changes"))
    def changes_masked(self, event):
        return _masked_json(event.pgh_diff)


def _masked_json(value) -> str:
    if value is None:
        return "-"
    return mask_digits_in_text(json.dumps(value, ensure_ascii=False, default=str))
