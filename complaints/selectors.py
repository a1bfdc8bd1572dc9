"""Reads of the complaints domain: the pilgrim's own complaints, their timeline, and the
per-provider figures the SLA app ranks providers by."""

import re
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.staff_mail import staff_emails
from compensation.models import Claim
from compensation.selectors import annex_rule_get
from packages.errors import PackageError
from packages.models import Contract
from packages.selectors import season_for
from portal import references
from portal.admin_due_today import end_of_today
from portal.calendars import RIYADH, format_dual_datetime, to_hijri
from portal.rule_changes import Impact
from servicedesk.models import DeskRequest, Escalation, RequestType

from . import clock
from .models import (
    FINAL,
    MINISTRY_OPEN,
    PROVIDER_OPEN,
    About,
    Complaint,
    MonthlyReport,
    Policy,
    Sanction,
    Status,
    Transition,
)


def complaint_list_for_pilgrim(*, user) -> QuerySet[Complaint]:
    return (Complaint.objects.filter(pilgrim=user)
            .select_related("provider", "contract", "season", "claim")
            .prefetch_related("provider__translations").order_by("-created_at"))


def complaint_get_for_pilgrim(*, user, number: str) -> Complaint | None:
    return (complaint_list_for_pilgrim(user=user)
            .prefetch_related("attachments").filter(number=number).first())


def complaint_scope_for_staff(queryset: QuerySet[Complaint], *, user) -> QuerySet[Complaint]:
    """The complaints of `queryset` a member of staff may see in the back office: provider
    staff only their own company's (none when their company is inactive or unknown); the
    care centre, monitors and administrators all."""
    if user.is_superuser or not roles.user_has_role(user, roles.PROVIDER_STAFF):
        return queryset
    provider = roles.provider_for_staff(user)
    return queryset.filter(provider=provider) if provider else queryset.none()


def complaints_open() -> QuerySet[Complaint]:
    """The complaints still being worked on (the help desk's workload counts them)."""
    return Complaint.objects.exclude(status__in=FINAL)


def complaint_agents(complaint: Complaint) -> QuerySet:
    """The staff who may hold a complaint, the same who may handle it in the back office
    (complaint_scope_for_staff, services.staff_may_handle): the care centre's agents and the
    ministry's administrators, and the staff of the complaint's provider while it is active."""
    staff = get_user_model().objects.filter(is_active=True, is_staff=True)
    ministry = Q(groups__name__in=[roles.CARE_AGENT, roles.MINISTRY_ADMIN])
    if complaint.provider_id is None:
        return staff.filter(ministry).distinct()
    provider = Q(groups__name=roles.PROVIDER_STAFF,
                 staff_profile__provider_id=complaint.provider_id,
                 staff_profile__provider__is_active=True)
    return staff.filter(ministry | provider).distinct()


def complaints_due_by(queryset: QuerySet[Complaint], *, end: datetime) -> QuerySet[Complaint]:
    """The complaints in the provider's hands whose acknowledgement or fix is due before
    `end` (a complaint waiting on the pilgrim has its clock paused: not due)."""
    return queryset.filter(Q(status__in=PROVIDER_OPEN),
                           Q(acknowledged_at__isnull=True, ack_due_at__lt=end)
                           | Q(fix_due_at__lt=end))


# The dashboard's counts of complaints due today, by key: each is a count on the dashboard
# and the admin list filtered to it (`complaints_due_today(which=key)`), from this one table.
DUE_TODAY_KEYS = ("ack_overdue", "ack_today", "fix_overdue", "fix_today")


def _due_today_conditions(now: datetime) -> dict[str, Q]:
    end = end_of_today(now)
    unacknowledged = Q(acknowledged_at__isnull=True)
    return {
        "ack_overdue": unacknowledged & Q(ack_due_at__lt=now),
        "ack_today": unacknowledged & Q(ack_due_at__gte=now, ack_due_at__lt=end),
        "fix_overdue": Q(fix_due_at__lt=now),
        "fix_today": Q(fix_due_at__gte=now, fix_due_at__lt=end),
    }


def complaints_due_today(queryset: QuerySet[Complaint], *, now: datetime | None = None,
                         which: str | None = None) -> QuerySet[Complaint]:
    """The complaints of `queryset` due before Makkah midnight (complaints_due_by), or only
    those of one of the dashboard's counts (`which`, one of DUE_TODAY_KEYS)."""
    now = now or timezone.now()
    due = complaints_due_by(queryset, end=end_of_today(now))
    return due if which is None else due.filter(_due_today_conditions(now)[which])


def complaints_due_today_for_staff(*, user, now: datetime | None = None,
                                   limit: int = 10) -> dict:
    """What the member of staff must do about complaints before Makkah midnight: the ones
    in the provider's hands whose acknowledgement or fix deadline falls today or has passed
    (a complaint waiting on the pilgrim has its clock paused, so it is not due). Counts, and
    the most urgent complaints first, each with the deadline that is due."""
    now = now or timezone.now()
    end = end_of_today(now)
    due = complaints_due_today(complaint_scope_for_staff(Complaint.objects.all(), user=user),
                               now=now)
    counts = due.aggregate(**{key: Count("pk", filter=condition)
                              for key, condition in _due_today_conditions(now).items()})
    items = []
    for complaint in due.select_related("provider").order_by("fix_due_at", "pk")[:limit]:
        acknowledge = complaint.acknowledged_at is None and complaint.ack_due_at < end
        due_at = complaint.ack_due_at if acknowledge else complaint.fix_due_at
        items.append({"complaint": complaint, "deadline": "ack" if acknowledge else "fix",
                      "due_at": due_at, "overdue": due_at < now})
    items.sort(key=lambda item: item["due_at"])
    return {**counts, "items": items}


# The escalated complaints the ministry has still to decide, by key, as for DUE_TODAY_KEYS.
ESCALATED_KEYS = ("to_review", "in_review")
_ESCALATED_STATUSES = {"to_review": (Status.ESCALATED,), "in_review": (Status.UNDER_REVIEW,)}


def complaints_escalated_open(queryset: QuerySet[Complaint], *,
                              which: str | None = None) -> QuerySet[Complaint]:
    """The complaints of `queryset` escalated to the ministry and not decided yet (waiting
    for a review, or under one), or those of one key of ESCALATED_KEYS; the most overdue
    first: the longest past the provider's fix deadline (escalation comes after it)."""
    statuses = MINISTRY_OPEN if which is None else _ESCALATED_STATUSES[which]
    return queryset.filter(status__in=statuses).order_by("fix_due_at", "escalated_at", "pk")


def complaints_escalated_for_staff(*, user, now: datetime | None = None,
                                   limit: int = 10) -> dict:
    """The monitors' panel: the escalated complaints still open in the staff member's scope
    (complaint_scope_for_staff: a provider's staff only their company's), counted by key,
    and the most overdue first with how long past the fix deadline each is."""
    now = now or timezone.now()
    escalated = complaints_escalated_open(
        complaint_scope_for_staff(Complaint.objects.all(), user=user))
    counts = escalated.aggregate(**{key: Count("pk", filter=Q(status__in=statuses))
                                    for key, statuses in _ESCALATED_STATUSES.items()})
    items = [{"complaint": complaint, "overdue_by": now - complaint.fix_due_at}
             for complaint in escalated.select_related("provider")[:limit]]
    return {**counts, "items": items}


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


# --- A complaint policy's change (portal.rule_changes) -----------------------------------

RECENT_DAYS = 14


def policy_change_impact(*, rule: Policy, proposed: Policy, now: datetime | None = None
                         ) -> Impact:
    """Who an edit of a season's complaint policy reaches, before it is saved (nothing written).

    Deadlines are stored on each complaint when it is received, and told to the pilgrim and
    the provider then: an open complaint keeps them. The new deadlines are for the complaints
    received after the change. The preview counts the open complaints the policy governs (of
    its seasons, those about the portal received in them too), those awaiting an
    acknowledgement and those on the policy's default corrective period, the complaints of
    the last 14 days (as many new ones as a like fortnight would get the new deadlines), and
    lists each open complaint whose deadline the new policy would have set otherwise, with
    the deadline kept and the one it would have had.
    """
    now = now or timezone.now()
    open_ = _governed(rule, Complaint.objects.filter(
        status__in=[*PROVIDER_OPEN, Status.WAITING_PILGRIM]).order_by("created_at", "pk"))
    recent = _governed(rule, Complaint.objects.filter(
        number__isnull=False, created_at__gte=now - timedelta(days=RECENT_DAYS)))
    awaiting = [c for c in open_ if c.status == Status.SUBMITTED]
    on_default = [c for c in open_ if _on_default(c, rule)]
    lines = []
    for complaint in open_:
        if complaint in awaiting and proposed.acknowledge_working_days != \
                rule.acknowledge_working_days:
            lines.append(_deadline_line(complaint, _("acknowledge by"), complaint.ack_due_at,
                                        complaint.ack_due_at + _ack_shift(complaint, rule,
                                                                          proposed)))
        if complaint in on_default and proposed.default_corrective_minutes != \
                rule.default_corrective_minutes:
            shift = timedelta(minutes=proposed.default_corrective_minutes
                              - rule.default_corrective_minutes)
            lines.append(_deadline_line(complaint, _("fix by"), complaint.fix_due_at,
                                        complaint.fix_due_at + shift))
    return Impact(
        counts=[(_("open complaints under this policy (they keep their deadlines)"),
                 len(open_)),
                (_("of them, awaiting acknowledgement"), len(awaiting)),
                (_("of them, on the default corrective period"), len(on_default)),
                (_("deadlines the new policy would have set otherwise (kept)"), None),
                (_("complaints received in the last 14 days (new ones get the new deadlines)"),
                 len(recent))],
        breaking=lines,
        breaking_title=_("Open complaints whose deadline the new policy would set otherwise "
                         "(they keep the one they were given)"),
    ).with_breaking_count()


def _governed(policy: Policy, complaints) -> list[Complaint]:
    """The `complaints` that `policy` governs (complaints.services.policy_get): those of its
    season and of the later seasons without their own policy (of the earlier ones too, for
    the first policy), and those about the portal received in one of these seasons."""
    seasons = Policy.objects.values_list("season_id", flat=True)
    later = seasons.filter(season_id__gt=policy.season_id).order_by("season_id").first()
    first = not seasons.filter(season_id__lt=policy.season_id).exists()

    def governs(season_id):
        return ((first or season_id >= policy.season_id)
                and (later is None or season_id < later))

    in_seasons = Q(season__isnull=False)
    if not first:
        in_seasons &= Q(season_id__gte=policy.season_id)
    if later is not None:
        in_seasons &= Q(season_id__lt=later)
    found = list(complaints.filter(in_seasons))
    for complaint in complaints.filter(season__isnull=True):
        season = season_for(moment=complaint.created_at)
        if season is not None and governs(season.pk):
            found.append(complaint)
    return sorted(found, key=lambda c: (c.created_at, c.pk))


def _on_default(complaint: Complaint, policy: Policy) -> bool:
    """Whether the complaint's corrective period is the policy's default (no annex row)."""
    return (complaint.corrective_period_minutes == policy.default_corrective_minutes
            and (complaint.season_id is None
                 or annex_rule_get(season_id=complaint.season_id, item=complaint.item,
                                   failure=complaint.failure) is None))


def _ack_shift(complaint: Complaint, policy: Policy, proposed: Policy) -> timedelta:
    return (clock.end_of_working_day(complaint.created_at,
                                     working_days_after=proposed.acknowledge_working_days)
            - clock.end_of_working_day(complaint.created_at,
                                       working_days_after=policy.acknowledge_working_days))


def _deadline_line(complaint, what, kept, would) -> str:
    return _("%(number)s: %(what)s %(kept)s, kept (the new policy: %(would)s)") % {
        "number": complaint.number or complaint.pk, "what": what,
        "kept": format_dual_datetime(kept), "would": format_dual_datetime(would)}


# --- The help desk's view of a complaint (casework.kinds) ---------------------------------

def case_deadline() -> dict:
    """A complaint's running deadline as casework reads it, while the provider has it in
    hand (none while paused on the pilgrim, escalated or closed): the acknowledgement while
    due first, else the fix. A pause moves both deadlines by the time waited, so the anchors
    (the filing; the start of the corrective period, less the pauses) stay put, and a reopen
    starts a new corrective period: a new anchor."""
    held = Q(status__in=PROVIDER_OPEN)
    ack = held & Q(acknowledged_at__isnull=True, ack_due_at__lte=F("fix_due_at"))
    paused = ExpressionWrapper(F("paused_seconds") * Value(timedelta(seconds=1)),
                               output_field=DurationField())
    period = ExpressionWrapper(F("corrective_period_minutes") * Value(timedelta(minutes=1)),
                               output_field=DurationField())

    def pick(on_ack, on_fix, field):
        return Case(When(ack, then=on_ack), When(held, then=on_fix), default=None,
                    output_field=field)

    return {
        "name": pick(Value("ack"), Value("fix"), CharField()),
        "due": pick(F("ack_due_at"), F("fix_due_at"), DateTimeField()),
        "target": pick(F("ack_due_at") - F("created_at") - paused, period, DurationField()),
        "anchor": pick(F("created_at"), F("fix_due_at") - period - paused, DateTimeField()),
    }


def case_deadline_labels() -> dict[str, str]:
    return {"ack": _("acknowledgement"), "fix": _("fix")}


def case_warn_emails(complaint: Complaint) -> list[str]:
    """Those who hold the complaint before its escalation: the provider's staff (the care
    centre for a complaint about the portal), as told of a new complaint."""
    return staff_emails(provider_id=complaint.provider_id,
                        roles_wanted=[] if complaint.provider_id else [roles.CARE_AGENT])


def case_team_of_reference(reference) -> Coalesce:
    """The provider that answered the complaint (its legal name), else the care centre."""
    return Coalesce(Subquery(Complaint.objects.filter(number=reference)
                             .values("provider__name")[:1]),
                    Value(_("Care centre")), output_field=CharField())
# --- Reports for the national complaints systems ---------------------------------------------


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """[first instant, first instant of the next month) of a Gregorian month in Makkah."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return (datetime.combine(first, time.min, tzinfo=RIYADH),
            datetime.combine(following, time.min, tzinfo=RIYADH))


def _hours(total: timedelta | None, count: int) -> float | None:
    if not count or total is None:
        return None
    return round(total.total_seconds() / 3600 / count, 1)


def _complaint_figures(complaints: QuerySet, start: datetime, end: datetime) -> dict:
    """Each figure counts what happened in the month: received (filed), referred (escalated
    to the ministry's monitors), resolved (fixed by the provider, or else decided by the
    ministry), of those resolved within target (fixed inside the corrective period), and
    the average time from receipt to that outcome."""
    outcome = Coalesce("resolved_at", "decided_at")
    in_month = Q(outcome_at__gte=start, outcome_at__lt=end)
    figures = complaints.annotate(outcome_at=outcome).aggregate(
        received=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
        referred=Count("pk", filter=Q(escalated_at__gte=start, escalated_at__lt=end)),
        resolved=Count("pk", filter=in_month),
        within_target=Count("pk", filter=in_month & Q(resolved_at__isnull=False,
                                                       fixed_late=False)),
        response=Sum(ExpressionWrapper(F("outcome_at") - F("created_at"),
                                       output_field=DurationField()), filter=in_month),
    )
    return _with_average(figures)


def _with_average(figures: dict) -> dict:
    response = figures.pop("response")
    return {**figures, "average_response_hours": _hours(response, figures["resolved"])}


def _suggestion_figures(start: datetime, end: datetime) -> dict:
    """The same figures for the desk's suggestions: referred is escalated along the desk's
    chain, within target is answered by the reply target, the response time is to the
    first answer."""
    suggestions = DeskRequest.objects.filter(request_type__kind=RequestType.Kind.SUGGESTION)
    in_month = Q(resolved_at__gte=start, resolved_at__lt=end)
    figures = suggestions.aggregate(
        received=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
        resolved=Count("pk", filter=in_month),
        within_target=Count("pk", filter=in_month & Q(
            first_responded_at__lte=F("first_response_due"))),
        response=Sum(ExpressionWrapper(F("first_responded_at") - F("created_at"),
                                       output_field=DurationField()), filter=in_month),
    )
    figures["referred"] = (Escalation.objects.filter(request__in=suggestions,
                                                     escalated_at__gte=start,
                                                     escalated_at__lt=end)
                           .values("request").distinct().count())
    return _with_average(figures)


def monthly_report_figures(*, authority, month: date) -> dict:
    """The authority's figures for the month: a row per kind of case it covers, and a total
    (its average weighted by the cases resolved)."""
    start, end = month_bounds(month)
    rows = {}
    if authority.covers_provider_complaints:
        rows["provider_complaints"] = _complaint_figures(
            Complaint.objects.filter(about=About.PROVIDER), start, end)
    if authority.covers_portal_complaints:
        rows["portal_complaints"] = _complaint_figures(
            Complaint.objects.filter(about=About.PORTAL), start, end)
    if authority.covers_suggestions:
        rows["suggestions"] = _suggestion_figures(start, end)
    total = {key: sum(row[key] for row in rows.values())
             for key in ("received", "referred", "resolved", "within_target")}
    weighted = sum((row["average_response_hours"] or 0) * row["resolved"]
                   for row in rows.values())
    total["average_response_hours"] = (round(weighted / total["resolved"], 1)
                                       if total["resolved"] else None)
    rows["total"] = total
    return {"month": month.strftime("%Y-%m"), "rows": rows}


def monthly_report_list_for_user(*, user) -> QuerySet:
    """The reports a user may download: ministry monitors' (the permission), else none."""
    if not user.has_perm("complaints.download_monthlyreport"):
        return MonthlyReport.objects.none()
    return MonthlyReport.objects.select_related("authority").defer("csv_data", "pdf_data")


# --- The reference registry (portal.references): a complaint by its number ---------------

COMPLAINT_NUMBER = re.compile(r"CM(?:[0-9]{4}|P)-[0-9]{6,12}")


def complaint_reference_find(reference: str) -> references.Reference | None:
    """The complaint behind its number, as the public inquiry and the SMS keyword tell it:
    its state, and the provider's deadline while one runs."""
    complaint = Complaint.objects.select_related("pilgrim").filter(number=reference).first()
    if complaint is None:
        return None

    def describe():
        if complaint.status == Status.SUBMITTED:
            next_step = _("To be acknowledged by %(when)s.")
            when = complaint.ack_due_at
        elif complaint.status in (Status.ACKNOWLEDGED, Status.IN_PROGRESS):
            next_step = _("To be fixed by %(when)s.")
            when = complaint.fix_due_at
        else:
            return complaint.get_status_display(), ""
        return complaint.get_status_display(), next_step % {
            "when": format_dual_datetime(when)}

    return references.Reference(kind=references.get("complaint"), reference=complaint.number,
                                owners=(complaint.pilgrim,), describe=describe)
