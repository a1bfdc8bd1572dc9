"""Admin for consent: staff review dependants (confirm, reject with a reason, resolve a
conflict for the account holder); invitations and standing consents are read-only.

Identity numbers are masked in every list unless the viewer holds
accounts.view_full_identity. The review goes through consent.services.dependant_review.
"""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from accounts.masking import mask_identity_number
from accounts.models import PilgrimProfile
from accounts.selectors import FULL_IDENTITY_PERMISSION

from . import services
from .errors import ConsentError
from .models import Dependant, Invitation, Policy, StandingConsent


def _masked(request, number):
    return number if request.user.has_perm(FULL_IDENTITY_PERMISSION) else (
        mask_identity_number(number))


class _ReadOnly:
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "invitation_hours", "document_max_mb")


class DependantReviewForm(forms.ModelForm):
    decision = forms.ChoiceField(
        label=_("Decision"), required=False,
        choices=[("", "-"), (Dependant.Status.CONFIRMED, _("Confirm the relation")),
                 (Dependant.Status.REJECTED, _("Reject (the account holder wins a conflict)"))])
    reason = forms.CharField(label=_("Reason (required to reject)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = Dependant
        fields: list = []


@admin.register(Dependant)
class DependantAdmin(admin.ModelAdmin):
    form = DependantReviewForm
    list_display = ("full_name", "relation", "owner", "status", "created_at")
    list_filter = ("status", "relation")
    list_select_related = ("owner",)
    search_fields = ("full_name", "owner__email")
    readonly_fields = ("owner", "full_name", "relation", "id_type", "identity", "gender",
                       "date_of_birth", "document", "document_type", "status", "created_at",
                       "reviewed_by", "reviewed_at", "review_reason", "other_claims")
    fields = (*readonly_fields, "decision", "reason")

    def get_list_display(self, request):
        def identity(obj):
            return _masked(request, obj.id_number)

        identity.short_description = _("identity number")
        return (*self.list_display[:2], identity, *self.list_display[2:])

    @admin.display(description=_("identity number"))
    def identity(self, obj):
        return obj.id_number  # the reviewer needs the number to compare with the document

    @admin.display(description=_("other claims on this identity"))
    def other_claims(self, obj):
        others = Dependant.objects.filter(id_type=obj.id_type, id_number=obj.id_number
                                          ).exclude(pk=obj.pk)
        holder = PilgrimProfile.objects.filter(id_type=obj.id_type, id_number=obj.id_number
                                               ).select_related("user").first()
        lines = [f"{_('account holder')}: {holder.user.email}"] if holder else []
        lines += [f"{d.owner.email} ({d.get_status_display()})" for d in
                  others.select_related("owner")]
        return "; ".join(lines) or "-"

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        decision = form.cleaned_data.get("decision")
        if not decision:
            return
        try:
            services.dependant_review(dependant=obj, acting_user=request.user,
                                      decision=decision, reason=form.cleaned_data["reason"])
        except ConsentError as error:
            messages.error(request, error.message)


@admin.register(Invitation)
class InvitationAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("purpose", "object_id", "inviter", "status", "created_at", "expires_at")
    list_filter = ("status", "purpose", "by_standing_consent")
    list_select_related = ("inviter",)
    exclude = ("token",)

    def get_list_display(self, request):
        def identity(obj):
            return _masked(request, obj.id_number)

        identity.short_description = _("identity number")
        return (*self.list_display[:3], identity, *self.list_display[3:])


@admin.register(StandingConsent)
class StandingConsentAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("grantor", "grantee_id_type", "granted_at", "revoked_at")

    def get_list_display(self, request):
        def identity(obj):
            return _masked(request, obj.grantee_id_number)

        identity.short_description = _("identity number")
        return (*self.list_display[:2], identity, *self.list_display[2:])
