"""Reads for consent: a pilgrim only ever gets their own rows."""

from django.db.models import QuerySet
from django.utils import timezone

from accounts.masking import mask_identity_number

from .models import Dependant, Invitation, StandingConsent


def dependants_for_owner(*, owner) -> QuerySet[Dependant]:
    return Dependant.objects.filter(owner=owner).order_by("full_name", "pk")


def dependant_for_owner(*, owner, pk) -> Dependant | None:
    return Dependant.objects.filter(owner=owner, pk=pk).first()


def invitations_received(*, user, open_only=False) -> QuerySet[Invitation]:
    rows = Invitation.objects.filter(invitee=user).select_related("inviter__profile")
    if open_only:
        return rows.filter(status=Invitation.Status.PENDING, expires_at__gt=timezone.now())
    return rows


def invitation_for_invitee(*, user, token=None, pk=None) -> Invitation | None:
    rows = invitations_received(user=user)
    return rows.filter(token=token).first() if token else rows.filter(pk=pk).first()


def invitations_for_objects(*, purpose, object_ids) -> dict[int, list[Invitation]]:
    """The invitations of each object, oldest first, for the inviter's view."""
    found: dict[int, list[Invitation]] = {pk: [] for pk in object_ids}
    for invitation in (Invitation.objects.filter(purpose=purpose, object_id__in=object_ids)
                       .order_by("created_at", "pk")):
        found.setdefault(invitation.object_id, []).append(invitation)
    return found


def invitation_as_typed(invitation) -> dict:
    """What the inviter may read back: what they typed (the number masked) and the state."""
    return {"id": invitation.pk, "id_type": invitation.id_type,
            "id_number": mask_identity_number(invitation.id_number),
            "mobile": invitation.mobile, "status": invitation.inviter_status,
            "status_label": invitation.get_inviter_status_display(),
            "expires_at": invitation.expires_at}


def consents_granted(*, grantor) -> QuerySet[StandingConsent]:
    return StandingConsent.objects.filter(grantor=grantor, revoked_at__isnull=True)
