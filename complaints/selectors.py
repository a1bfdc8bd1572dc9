"""Reads of the complaints domain: the pilgrim's own complaints, their timeline, and the
per-provider figures the SLA app ranks providers by."""

from datetime import datetime

from django.db.models import Count, F, Q, QuerySet

from compensation.models import Claim
from packages.errors import PackageError
from packages.models import Contract
from portal.calendars import to_hijri

from .models import FINAL, Complaint, Sanction, Status, Transition


def complaint_list_for_pilgrim(*, user) -> QuerySet[Complaint]:
    return (Complaint.objects.filter(pilgrim=user)
            .select_related("provider", "contract", "season", "claim")
            .prefetch_related("provider__translations").order_by("-created_at"))


def complaint_get_for_pilgrim(*, user, number: str) -> Complaint | None:
    return (complaint_list_for_pilgrim(user=user)
            .prefetch_related("attachments").filter(number=number).first())


# Where the pilgrim has something to do: confirm or reopen a fix, answer a question.
NEEDS_PILGRIM = (Status.RESOLVED, Status.WAITING_PILGRIM)


def complaint_panel_for_pilgrim(*, user, limit: int = 5) -> dict:
    """The dashboard panel: the latest complaints and how many wait on the pilgrim."""
    mine = Complaint.objects.filter(pilgrim=user)
    return {"complaints": complaint_list_for_pilgrim(user=user)[:limit],
            "complaints_needing_you": mine.filter(status__in=NEEDS_PILGRIM).count()}


def complaint_timeline(*, complaint: Complaint) -> QuerySet[Transition]:
    return (complaint.transitions.select_related("actor")
            .prefetch_related("attachments").order_by("at", "pk"))


def contracts_open_to_complaints(*, user):
    return (Contract.objects.filter(pilgrim=user).exclude(status=Contract.Status.CANCELLED)
            .select_related("provider", "season", "package")
            .prefetch_related("provider__translations", "package__translations"))


def provider_complaint_figures(*, season_id: int | None = None, since: datetime | None = None,
                               until: datetime | None = None) -> dict[int, dict]:
    """Per provider (id -> figures), for the SLA app's league tables:

    complaints, acknowledged_same_working_day, fixed_within_period, escalated,
    escalated_automatically, claims, claims_decided_in_time, claims_paid.
    """
    rows = Complaint.objects.filter(provider__isnull=False)
    claims = Claim.objects.all()
    if season_id is not None:
        rows, claims = rows.filter(season_id=season_id), claims.filter(season_id=season_id)
    if since is not None:
        rows, claims = rows.filter(created_at__gte=since), claims.filter(created_at__gte=since)
    if until is not None:
        rows, claims = rows.filter(created_at__lt=until), claims.filter(created_at__lt=until)
    figures = {}
    for row in rows.values("provider_id").annotate(
        complaints=Count("pk"),
        acknowledged_same_working_day=Count(
            "pk", filter=Q(acknowledged_at__isnull=False, acknowledged_at__lte=F("ack_due_at"))),
        fixed_within_period=Count("pk", filter=Q(resolved_at__isnull=False, fixed_late=False,
                                                 escalated_at__isnull=True)),
        escalated=Count("pk", filter=Q(escalated_at__isnull=False)),
        escalated_automatically=Count("pk", filter=Q(escalated_automatically=True)),
    ):
        provider_id = row.pop("provider_id")
        figures[provider_id] = {**row, "claims": 0, "claims_decided_in_time": 0,
                                "claims_paid": 0}
    for row in claims.values("provider_id").annotate(
        claims=Count("pk"),
        claims_decided_in_time=Count("pk", filter=Q(decided_at__isnull=False,
                                                    decided_at__lte=F("decide_due_at"))),
        claims_paid=Count("pk", filter=Q(status=Claim.Status.PAID)),
    ):
        provider_id = row.pop("provider_id")
        figures.setdefault(provider_id, {"complaints": 0, "acknowledged_same_working_day": 0,
                                         "fixed_within_period": 0, "escalated": 0,
                                         "escalated_automatically": 0}).update(row)
    return figures


def provider_sanction_barring_sales(*, provider_id: int, season_year: int) -> Sanction | None:
    """The sanction that bars the provider from selling packages of that season, if any: a
    licence revocation, or a suspension whose seasons cover it. A suspension counts from its
    first season or, when staff gave none, from the Hijri year it was decided in."""
    sanctions = (Sanction.objects.filter(provider_id=provider_id,
                                         kind__in=[Sanction.Kind.REVOCATION,
                                                   Sanction.Kind.SUSPENSION])
                 .order_by("decided_at"))
    for sanction in sanctions:
        if sanction.kind == Sanction.Kind.REVOCATION:
            return sanction
        first = sanction.from_season_id or to_hijri(sanction.decided_at).year
        if first <= season_year < first + (sanction.seasons or 0):
            return sanction
    return None


def provider_sale_barrier(*, provider, season_year: int) -> PackageError | None:
    """The sanction barring the provider's sales that season, as the error packages raises
    (registered in packages.sale_barriers by ComplaintsConfig.ready)."""
    sanction = provider_sanction_barring_sales(provider_id=provider.pk, season_year=season_year)
    if sanction is None:
        return None
    if sanction.kind == Sanction.Kind.REVOCATION:
        return PackageError("provider_revoked", provider=provider.public_name)
    return PackageError("provider_suspended", provider=provider.public_name, season=season_year)


def open_complaint_numbers(*, provider_id: int, season_id: int) -> list[str]:
    """The complaints against the provider in the season not yet confirmed or closed: they
    hold its guarantee after the season (registered in compensation.release_holds by
    ComplaintsConfig.ready). An upheld or dismissed complaint counts until it is closed."""
    rows = (Complaint.objects.filter(provider_id=provider_id, season_id=season_id)
            .exclude(status__in=FINAL).order_by("pk").values_list("pk", "number"))
    return [number or f"#{pk}" for pk, number in rows]
