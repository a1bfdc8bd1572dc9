"""Reads of the service desk."""

import re
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    DurationField,
    F,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from portal import references, working_days
from portal.admin_due_today import end_of_today
from portal.calendars import format_dual_datetime
from portal.rule_changes import Impact

from .models import DeskRequest, RequestType, Topic


def request_type_list() -> QuerySet[RequestType]:
    return RequestType.objects.filter(is_active=True).prefetch_related("translations")


def suggestion_type() -> RequestType | None:
    """The type a suggestion is filed as: the first active type of kind suggestion."""
    return request_type_list().filter(kind=RequestType.Kind.SUGGESTION).first()


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


# The dashboard's counts of desk requests due today, by key: each is a count on the
# dashboard and the admin list filtered to it (`desk_requests_due_today(which=key)`).
DUE_TODAY_KEYS = ("answer_overdue", "answer_today", "resolve_overdue", "resolve_today")


def _due_today_conditions(now: datetime) -> dict[str, Q]:
    first = Q(first_responded_at__isnull=True)
    return {
        "answer_overdue": first & Q(deadline__lt=now),
        "answer_today": first & Q(deadline__gte=now),
        "resolve_overdue": ~first & Q(deadline__lt=now),
        "resolve_today": ~first & Q(deadline__gte=now),
    }


def desk_requests_due_today(queryset: QuerySet[DeskRequest], *, now: datetime | None = None,
                            which: str | None = None) -> QuerySet[DeskRequest]:
    """The open requests of `queryset` (a desk_queue_for_staff, which gives each its next
    `deadline`) whose next deadline falls before Makkah midnight, or only those of one of
    the dashboard's counts (`which`, one of DUE_TODAY_KEYS)."""
    now = now or timezone.now()
    due = (queryset.exclude(status=DeskRequest.Status.RESOLVED)
           .filter(deadline__lt=end_of_today(now)))
    return due if which is None else due.filter(_due_today_conditions(now)[which])


def desk_requests_due_today_for_staff(*, user, now: datetime | None = None,
                                      limit: int = 10) -> dict:
    """What the expert must do before Makkah midnight: the open requests of their queue
    (desk_queue_for_staff, so their team's and those escalated to them) whose next deadline,
    the first answer or else the resolution, falls today or has passed. Counts, and the most
    urgent requests first."""
    now = now or timezone.now()
    due = desk_requests_due_today(desk_queue_for_staff(user=user), now=now)
    counts = due.aggregate(**{key: Count("pk", filter=condition)
                              for key, condition in _due_today_conditions(now).items()})
    items = [{"request": request, "deadline": "answer" if request.first_responded_at is None
              else "resolve", "due_at": request.deadline, "overdue": request.deadline < now}
             for request in due[:limit]]
    return {**counts, "items": items}


def message_list(*, request: DeskRequest):
    return request.messages.select_related("author").prefetch_related("attachments")


def deadlines_for(*, request_type: RequestType, now: datetime) -> tuple[datetime, datetime]:
    """(first response due, resolution due) of a request filed now. A reply target in
    working days is counted on the working calendar; the resolution is never due before it."""
    first_response = now + timedelta(hours=request_type.first_response_hours)
    if request_type.reply_working_days:
        first_response = working_days.add_working_days(
            start=now, days=request_type.reply_working_days,
            calendar=working_days.working_calendar())
    resolution = max(now + timedelta(hours=request_type.resolution_hours), first_response)
    return first_response, resolution


# --- A request type's change (portal.rule_changes) ---------------------------------------

RECENT_DAYS = 14


def request_type_change_impact(*, rule: RequestType, proposed: RequestType,
                               now: datetime | None = None) -> Impact:
    """Who an edit of a request type's targets reaches, before it is saved (nothing written).

    A request copies its deadlines when it is filed, and the filing SMS tells the pilgrim the
    reply's date: an open request keeps them, and the new targets are for the requests filed
    after the change. The preview counts the open requests of the type, those still waiting
    for a first answer, and those filed in the last 14 days (as many new ones as a like
    fortnight would get the new targets), and lists each open request whose deadline the new
    targets would have set otherwise, with the deadline kept and the one it would have had.
    """
    now = now or timezone.now()
    open_ = list(DeskRequest.objects.filter(request_type=rule)
                 .exclude(status=DeskRequest.Status.RESOLVED).order_by("created_at", "pk"))
    lines = []
    for request in open_:
        before = deadlines_for(request_type=rule, now=request.created_at)
        after = deadlines_for(request_type=proposed, now=request.created_at)
        if request.first_responded_at is None and after[0] != before[0]:
            lines.append(_desk_line(request, _("first answer by"), request.first_response_due,
                                    after[0]))
        if after[1] != before[1]:
            lines.append(_desk_line(request, _("resolve by"), request.resolution_due, after[1]))
    recent = DeskRequest.objects.filter(
        request_type=rule, created_at__gte=now - timedelta(days=RECENT_DAYS)).count()
    return Impact(
        counts=[(_("open requests of this type (they keep their deadlines)"), len(open_)),
                (_("of them, waiting for a first answer"),
                 sum(request.first_responded_at is None for request in open_)),
                (_("deadlines the new targets would have set otherwise (kept)"), None),
                (_("requests of this type filed in the last 14 days (new ones get the new "
                   "targets)"), recent)],
        breaking=lines,
        breaking_title=_("Open requests whose deadline the new targets would set otherwise "
                         "(they keep the one they were given)"),
    ).with_breaking_count()


def _desk_line(request, what, kept, would) -> str:
    return _("%(reference)s: %(what)s %(kept)s, kept (the new targets: %(would)s)") % {
        "reference": request.reference, "what": what, "kept": format_dual_datetime(kept),
        "would": format_dual_datetime(would)}


def topic_choices() -> list[tuple[str, str]]:
    """Every topic as (code, name in the active language): the help desk's topic keys."""
    return [(topic.code, str(topic)) for topic in Topic.objects.prefetch_related("translations")]


# --- The help desk's view of a request (casework.kinds) -----------------------------------

def case_deadline() -> dict:
    """A request's running deadline as casework reads it: the first response until given,
    then the resolution (the escalation sweep's rule); none once resolved. Both run from
    filing, so the filing time anchors each."""
    open_ = ~Q(status=DeskRequest.Status.RESOLVED)
    first = open_ & Q(first_responded_at__isnull=True)

    def pick(on_first, on_resolution, field):
        return Case(When(first, then=on_first), When(open_, then=on_resolution),
                    default=None, output_field=field)

    return {
        "name": pick(Value("first_response"), Value("resolution"), CharField()),
        "due": pick(F("first_response_due"), F("resolution_due"), DateTimeField()),
        "target": pick(F("first_response_due") - F("created_at"),
                       F("resolution_due") - F("created_at"), DurationField()),
        "anchor": pick(F("created_at"), F("created_at"), DateTimeField()),
    }


def case_deadline_labels() -> dict[str, str]:
    return {"first_response": _("first answer"), "resolution": _("resolution")}


def case_warn_emails(request: DeskRequest) -> list[str]:
    """Whom the first escalation step reaches: the team's lead; else the team's address,
    else its members (as the escalation mail does)."""
    team = request.escalated_team or request.team
    if team.lead_id and team.lead.email:
        return [team.lead.email]
    if team.email:
        return [team.email]
    return list(team.group.user_set.filter(is_active=True).exclude(email="")
                .values_list("email", flat=True))


def case_team_of_reference(reference) -> Subquery:
    return Subquery(DeskRequest.objects.filter(reference=reference)
                    .values("team__group__name")[:1])


# --- The help desk's assignment (casework.kinds) -----------------------------------------


def desk_requests_open() -> QuerySet[DeskRequest]:
    return DeskRequest.objects.exclude(status=DeskRequest.Status.RESOLVED)


def desk_request_agents(request: DeskRequest) -> QuerySet:
    """The staff who may hold a request: the members of its team's group and of the
    second-line team it was escalated to, and those teams' leads."""
    teams = [team for team in (request.team, request.escalated_team) if team is not None]
    return (get_user_model().objects.filter(is_active=True, is_staff=True)
            .filter(Q(groups__in=[team.group_id for team in teams])
                    | Q(pk__in=[team.lead_id for team in teams if team.lead_id]))
            .distinct())


def desk_request_supervised_by(user, request: DeskRequest) -> bool:
    """The lead of the request's team, or of the second-line team it was escalated to."""
    return any(team is not None and team.lead_id == user.pk
               for team in (request.team, request.escalated_team))


# --- The reference registry (portal.references): a desk request by its reference --------

DESK_REFERENCE = re.compile(r"SD-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}")


def desk_request_reference_find(reference: str) -> references.Reference | None:
    """The desk request behind its reference, as the public inquiry and the SMS keyword tell
    it: its state, and the answer's date while one is awaited. The identity number and the
    mobile it was filed with stay its own, whatever the profile says today."""
    request = DeskRequest.objects.select_related("user").filter(reference=reference).first()
    if request is None:
        return None

    def describe():
        if request.status != DeskRequest.Status.RECEIVED:
            return request.get_status_display(), ""
        when = request.expected_by or request.next_deadline
        return request.get_status_display(), _("Answer expected by %(when)s.") % {
            "when": format_dual_datetime(when)}

    return references.Reference(
        kind=references.get("desk"), reference=request.reference, owners=(request.user,),
        filed_mobile=request.filed_mobile, id_numbers=(request.filed_id_number,),
        describe=describe)
