from datetime import date

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q

from .models import Centre, CentreService, KioskDevice, Ticket
from .tokens import token_hash


def kiosk_device_for(*, centre: Centre, token: str) -> KioskDevice | None:
    """The active kiosk of this centre holding `token`, or None."""
    if not token:
        return None
    return KioskDevice.objects.filter(centre=centre, is_active=True,
                                      token_hash=token_hash(token)).first()


def service_list(*, centre: Centre):
    return centre.services.filter(is_active=True).prefetch_related("translations")


def waiting_in_call_order(*, centre: Centre, service: CentreService) -> list[Ticket]:
    waiting = Ticket.objects.filter(centre=centre, service=service,
                                    status=Ticket.Status.WAITING)
    return (list(waiting.filter(lane=Ticket.Lane.PRIORITY).order_by("issued_at", "pk")[:20]) +
            list(waiting.filter(lane=Ticket.Lane.REGULAR).order_by("issued_at", "pk")[:20]))


def display_board(*, centre: Centre, day: date, limit: int = 8) -> dict:
    """What the hall's screen shows: the latest calls and how many wait."""
    called = (Ticket.objects.filter(centre=centre, day=day, called_at__isnull=False)
              .select_related("counter").order_by("-called_at", "-pk")[:limit])
    return {
        "called": [{"number": t.display_number, "counter": t.counter.label if t.counter else "",
                    "called_at": t.called_at.isoformat(), "status": t.status} for t in called],
        "waiting": Ticket.objects.filter(centre=centre, day=day,
                                         status=Ticket.Status.WAITING).count(),
    }


def day_statistics(*, centre: Centre, day: date) -> dict:
    """Waiting and service times for the dashboards (averages over the day's tickets)."""
    tickets = Ticket.objects.filter(centre=centre, day=day)
    return tickets.aggregate(
        drawn=Count("pk"), served=Count("pk", filter=Q(status=Ticket.Status.SERVED)),
        average_wait=Avg(ExpressionWrapper(F("called_at") - F("issued_at"),
                                           output_field=DurationField()),
                         filter=Q(called_at__isnull=False)),
        average_service=Avg(ExpressionWrapper(F("finished_at") - F("called_at"),
                                              output_field=DurationField()),
                            filter=Q(status=Ticket.Status.SERVED)),
    )
