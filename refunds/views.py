"""Staff-only download of exemption documents (uploads are never served directly)."""

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404

from .admin import ExemptionClaimAdmin
from .models import ExemptionDocument


@login_required
def document(request, pk):
    # Signed-in non-staff get the 403 page: the admin's login would send them back here.
    if not request.user.is_staff:
        raise PermissionDenied

    item = ExemptionDocument.objects.select_related("claim__contract").filter(pk=pk).first()
    claim_admin = ExemptionClaimAdmin(item.claim.__class__, admin.site) if item else None
    if item is None or not claim_admin.has_view_permission(request, item.claim):
        raise Http404
    return FileResponse(item.file.open("rb"), as_attachment=True,
                        filename=item.file.name.rsplit("/", 1)[-1])
