import re

from django.db.models import Q
from django.utils.translation import gettext as _

from portal import references
from portal.calendars import format_dual_datetime

from .models import (
    LIVE,
    AccreditedAgent,
    HeirClaim,
    Match,
    Offer,
    Province,
    Registration,
    TransferRequest,
)


def transfer_overview(*, user) -> dict:
    """What the pilgrim's transfer page shows: their registrations, live filings, matches."""
    return {
        "registrations": Registration.objects.filter(holder=user, status="active")
        .select_related("province"),
        "offers": Offer.objects.filter(user=user).select_related("registration")
        .order_by("-queued_at")[:5],
        "requests": TransferRequest.objects.filter(user=user).order_by("-queued_at")[:5],
        "matches": Match.objects.filter(Q(offer__user=user) | Q(request__user=user))
        .select_related("holder_agent__provider", "recipient_agent__provider",
                        "offer__registration").order_by("-matched_at")[:5],
        "agents": AccreditedAgent.objects.filter(is_active=True).select_related("provider")
        .prefetch_related("provider__translations"),
        "provinces": Province.objects.prefetch_related("translations"),
        "heir_claims": heir_claim_list_for_user(user=user)[:5],
    }


def transfer_panel_for_user(*, user) -> dict:
    """The dashboard panel: the priorities held, the live offer or request, a pending match."""
    return {
        "registrations": list(Registration.objects.filter(holder=user, status="active")
                              .select_related("province")[:3]),
        "offer": Offer.objects.filter(user=user, status__in=LIVE)
        .select_related("registration").first(),
        "transfer_request": TransferRequest.objects.filter(user=user, status__in=LIVE)
        .select_related("province").first(),
        "match": Match.objects.filter(Q(offer__user=user) | Q(request__user=user),
                                      status=Match.Status.PENDING)
        .select_related("offer__registration").first(),
    }


def heir_registration_find(*, due_year: int, priority_number: int, holder_id_number: str
                           ) -> Registration | None:
    """The active registration an heir names (the holder's identity number must match), for
    staff only: the heir's answer never depends on it."""
    return (Registration.objects.filter(
        due_year=due_year, priority_number=priority_number, status="active",
        holder__profile__id_number__iexact=re.sub(r"[\s-]", "", holder_id_number)).first())


def heir_claim_list_for_user(*, user):
    return (HeirClaim.objects.filter(claimant=user).select_related("registration")
            .order_by("-filed_at"))


# --- The reference registry (portal.references): a match by its reference ----------------

MATCH_REFERENCE = re.compile(r"TM-(?P<pk>[0-9]{6,12})")


def match_reference_find(reference: str) -> references.Reference | None:
    """A transfer match, for either party: its state, and its deadline while it is pending."""
    found = MATCH_REFERENCE.fullmatch(reference)
    match = found and (Match.objects.select_related("offer__user", "request__user")
                       .filter(pk=int(found["pk"])).first())
    if not match:
        return None

    def describe():
        if match.status != Match.Status.PENDING:
            return match.get_status_display(), ""
        return match.get_status_display(), _("Complete by %(when)s.") % {
            "when": format_dual_datetime(match.deadline)}

    return references.Reference(kind=references.get("transfer_match"), reference=match.reference,
                                owners=(match.offer.user, match.request.user),
                                describe=describe)
