"""Reads of the service desk."""

from django.db.models import Case, DateTimeField, F, Q, QuerySet, When

from accounts import roles

from .models import DeskRequest, RequestType, Topic


def request_type_list() -> QuerySet[RequestType]:
    return RequestType.objects.filter(is_active=True).prefetch_related("translations")


def topic_list() -> QuerySet[Topic]:
    return Topic.objects.filter(is_active=True).prefetch_related("translations")


def desk_request_list_for_user(*, user) -> QuerySet[DeskRequest]:
    if not user.is_authenticated:
        return DeskRequest.objects.none()
    return (DeskRequest.objects.filter(user=user)
            .select_related("request_type", "topic").order_by("-created_at"))


def desk_request_for_owner(*, user, reference: str) -> DeskRequest | None:
    return desk_request_list_for_user(user=user).filter(reference=reference).first()


def desk_queue_for_staff(*, user) -> QuerySet[DeskRequest]:
    """The requests an expert may work on, the most urgent deadline first; resolved last:
    their team's, and those escalated to them (as a team's lead, or to their second-line
    team)."""
    queryset = DeskRequest.objects.select_related("request_type", "topic", "team__group",
                                                  "user", "assigned_to", "escalated_team__group")
    if not (user.is_superuser or roles.user_has_role(user, roles.MINISTRY_ADMIN)):
        groups = user.groups.all()
        queryset = queryset.filter(Q(team__group__in=groups) | Q(assigned_to=user)
                                   | Q(escalated_team__group__in=groups))
    return queryset.annotate(
        deadline=Case(
            When(status=DeskRequest.Status.RESOLVED, then=None),
            When(first_responded_at__isnull=True, then=F("first_response_due")),
            default=F("resolution_due"), output_field=DateTimeField(),
        )
    ).order_by(F("deadline").asc(nulls_last=True), "created_at")


def message_list(*, request: DeskRequest):
    return request.messages.select_related("author").prefetch_related("attachments")
