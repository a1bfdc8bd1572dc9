from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import selectors
from .dashboard import dashboard_panels_render
from .furniture import notices_dismiss


def home(request):
    return render(request, "portal/home.html", {
        "services": selectors.eservice_list(),
        "today": timezone.localdate(),
    })


def eservices(request):
    return render(request, "portal/eservices.html", {"services": selectors.eservice_list()})


def contact(request):
    return render(request, "portal/contact.html", {
        "channels": selectors.support_channel_list(),
    })


def maintenance(request):
    now = timezone.now()
    return render(request, "portal/maintenance.html", {
        "now": now,
        "upcoming": selectors.maintenance_announced(now=now),
        "past": selectors.maintenance_past(now=now),
    })


@require_POST
def maintenance_dismiss(request):
    """Hide the banner's notices for the rest of the visit. The banner's script posts here
    and removes the banner itself (204); without a script the form posts and the page
    comes back without it."""
    notices_dismiss(request.session, request.POST.getlist("notice"))
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = "portal:home"
    return redirect(back)


@login_required
def dashboard(request):
    return render(request, "portal/dashboard.html", {
        "services": selectors.eservice_list(),
        "panels": dashboard_panels_render(request),
        "today": timezone.localdate(),
    })
