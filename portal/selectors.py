"""Reads for the shell: the e-services catalogue, support channels and maintenance windows."""

from datetime import datetime

from django.db.models import QuerySet

from .models import EService, MaintenanceWindow, SupportChannel


def eservice_list(*, include_inactive: bool = False) -> QuerySet[EService]:
    services = EService.objects.prefetch_related("translations")
    if not include_inactive:
        services = services.filter(is_active=True)
    return services.order_by("display_order", "code")


def eservice_get(*, code: str) -> EService:
    return EService.objects.prefetch_related("translations").get(code=code)


def support_channel_list() -> QuerySet[SupportChannel]:
    return (SupportChannel.objects.filter(is_active=True).prefetch_related("translations")
            .order_by("display_order", "pk"))


def care_centre_get() -> SupportChannel | None:
    """The ministry's care centre, whose number pages and messages quote (None until staff
    publish one)."""
    return support_channel_list().filter(kind=SupportChannel.Kind.CARE_CENTRE).first()


def care_centre_number() -> str:
    """The care centre's number for a message; the e-mail or web channel's value when no
    care centre is published, so a message never names a number that is not ours."""
    channel = care_centre_get() or support_channel_list().first()
    return channel.value if channel else ""


def maintenance_active(
    *, now: datetime, service_code: str | None = None
) -> MaintenanceWindow | None:
    """The announced window in progress at `now` (for the whole portal or the given service).

    The availability probe treats time inside such a window as planned downtime; unannounced
    windows are drafts and excuse nothing.
    """
    windows = MaintenanceWindow.objects.filter(
        is_announced=True, starts_at__lte=now, ends_at__gt=now
    )
    if service_code is not None:
        windows = windows.filter(services__isnull=True) | windows.filter(
            services__code=service_code
        )
    return windows.prefetch_related("translations").order_by("starts_at").first()


def maintenance_announced(*, now: datetime) -> QuerySet[MaintenanceWindow]:
    """Announced windows in progress or still to come, soonest first."""
    return (MaintenanceWindow.objects.filter(is_announced=True, ends_at__gt=now)
            .prefetch_related("translations", "services__translations")
            .order_by("starts_at").distinct())


def maintenance_past(*, now: datetime, limit: int = 10) -> QuerySet[MaintenanceWindow]:
    return (MaintenanceWindow.objects.filter(is_announced=True, ends_at__lte=now)
            .prefetch_related("translations").order_by("-starts_at")[:limit])
