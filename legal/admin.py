from django.contrib import admin
from parler.admin import TranslatableAdmin

from .models import LegalDocument, TermsAcceptance


@admin.register(LegalDocument)
class LegalDocumentAdmin(TranslatableAdmin):
    """A change of substance is a new version (the next number, published on its day), not an
    edit of the published one: acceptances point at the version they were given, and a new
    version of the terms asks signed-in users to accept it again."""

    list_display = ["__str__", "kind", "version", "published_at"]
    list_filter = ["kind"]
    fields = ["kind", "version", "published_at", "title", "body"]



@admin.register(TermsAcceptance)
class TermsAcceptanceAdmin(admin.ModelAdmin):
    list_display = ["user", "document", "accepted_at", "via"]
    list_filter = ["via", "document"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "document", "accepted_at", "via"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
