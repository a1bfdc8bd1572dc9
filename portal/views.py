from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from . import selectors
from .dashboard import dashboard_panels_render


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


@login_required
def dashboard(request):
    return render(request, "portal/dashboard.html", {
        "services": selectors.eservice_list(),
        "panels": dashboard_panels_render(request),
        "today": timezone.localdate(),
    })
