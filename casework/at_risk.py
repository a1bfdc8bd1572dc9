"""At-risk warnings: a case about to miss its next deadline is marked and its people told.

The threshold is data (`AtRiskRule`, one per kind of case): a case is at risk once less
than the rule's share of its deadline's whole time, or less than its hours, is left
(whichever comes first). A beat sweep per kind (portal.sweeps: each case claimed by one
sweeper) writes one `AtRisk` row per deadline run, keyed by the kind's `anchor`
(casework.kinds): the unique constraint, not the claim, is what makes "told once" hold
when two sweepers race, and a new deadline (answered, reopened) has a new anchor, so it can
be told again. The assignee is told by e-mail after the commit; a case nobody holds is told
to those its escalation would reach (the kind's `warn_emails`).
"""

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import (
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Least
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.staff_mail import mail_staff
from portal.calendars import format_dual_datetime
from portal.sweeps import sweep_due

from . import kinds
from .models import AtRisk, AtRiskRule

WARNING_MAIL = (
    _("Case %(reference)s is at risk of missing its %(deadline)s"),
    _("%(reference)s must have its %(deadline)s by %(due)s and little time is left. "
      "Open it: %(link)s"),
)


def with_deadline(queryset: QuerySet, kind: kinds.CaseKind) -> QuerySet:
    """The cases annotated with their running deadline (risk_deadline, risk_due,
    risk_target, risk_anchor; NULL when none runs)."""
    expressions = kind.deadline()
    return queryset.annotate(risk_deadline=expressions["name"], risk_due=expressions["due"],
                             risk_target=expressions["target"],
                             risk_anchor=expressions["anchor"])


def _warn_from(rule: AtRiskRule):
    """When the running deadline starts being at risk: its due time less the larger of the
    rule's margins (whichever threshold is reached first)."""
    margins = []
    if rule.percent_left:
        margins.append(ExpressionWrapper(F("risk_target") * Value(rule.percent_left / 100),
                                         output_field=DurationField()))
    if rule.hours_left:
        margins.append(Value(timedelta(hours=rule.hours_left), output_field=DurationField()))
    earliest = [ExpressionWrapper(F("risk_due") - margin, output_field=DateTimeField())
                for margin in margins]
    return earliest[0] if len(earliest) == 1 else Least(*earliest)


def _current_warning(kind: kinds.CaseKind) -> QuerySet:
    return AtRisk.objects.filter(kind=kind.key, case_id=OuterRef("pk"),
                                 deadline=OuterRef("risk_deadline"),
                                 anchor=OuterRef("risk_anchor"))


def cases_due_a_warning(kind: kinds.CaseKind, rule: AtRiskRule, *, now: datetime) -> QuerySet:
    """Open cases of `kind` inside the rule's threshold, not yet past their deadline and not
    yet told for this deadline; the nearest deadline first."""
    return (with_deadline(kind.model.objects.all(), kind)
            .annotate(risk_warn_from=_warn_from(rule))
            .filter(risk_due__isnull=False, risk_due__gt=now, risk_warn_from__lte=now)
            .exclude(Exists(_current_warning(kind))).order_by("risk_due"))


def cases_at_risk_sweep(*, now: datetime | None = None) -> int:
    """The beat's sweep over every kind with a threshold; returns the cases newly marked."""
    now = now or timezone.now()
    marked = 0
    for rule in AtRiskRule.objects.all():
        try:
            kind = kinds.get(rule.kind)
        except KeyError:
            continue
        if kind.deadline is None:
            continue
        marked += sweep_due(name=f"casework.at_risk.{kind.key}",
                            due=cases_due_a_warning(kind, rule, now=now),
                            process=partial(_mark_one, kind=kind, rule=rule, now=now))
    return marked


def _mark_one(pk: int, *, kind: kinds.CaseKind, rule: AtRiskRule, now: datetime) -> bool:
    case = cases_due_a_warning(kind, rule, now=now).filter(pk=pk).first()
    if case is None:  # answered, paused, closed or told meanwhile
        return False
    assignee = kind.assignee(case)
    emails = [assignee.email] if assignee is not None and assignee.email else []
    warning, created = AtRisk.objects.get_or_create(
        kind=kind.key, case_id=case.pk, deadline=case.risk_deadline, anchor=case.risk_anchor,
        defaults={"due_at": case.risk_due, "since": now, "told_to": assignee,
                  "told_emails": "\n".join(emails or kind.warn_emails(case))})
    if created:
        transaction.on_commit(partial(_mail_warning, warning.pk))
    return created


def case_admin_url(kind: kinds.CaseKind, case_id: int | None = None) -> str:
    """The case's admin page; its kind's list when no case is given."""
    meta = kind.model._meta
    if case_id is None:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[case_id])


def _mail_warning(warning_pk: int) -> None:
    warning = AtRisk.objects.get(pk=warning_pk)
    kind = kinds.get(warning.kind)
    case = kind.model.objects.get(pk=warning.case_id)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "reference": kind.reference(case),
            "deadline": kind.deadline_labels().get(warning.deadline, warning.deadline),
            "due": format_dual_datetime(warning.due_at),
            "link": settings.SITE_URL.rstrip("/") + case_admin_url(kind, case.pk),
        }
        subject, body = WARNING_MAIL
        mail_staff(str(subject) % context, str(body) % context,
                   [email for email in warning.told_emails.splitlines() if email])


# --- Reads: the badge, the "At risk" filter, the dashboard -------------------------------

def with_at_risk(queryset: QuerySet, kind: kinds.CaseKind) -> QuerySet:
    """`queryset` with `at_risk_since`: when its running deadline was found at risk (NULL:
    not at risk, or no deadline running)."""
    if kind.deadline is None:
        return queryset.annotate(at_risk_since=Value(None, output_field=DateTimeField()))
    return with_deadline(queryset, kind).annotate(
        at_risk_since=Subquery(_current_warning(kind).values("since")[:1]))


def cases_at_risk_for_staff(*, user, kind: kinds.CaseKind, limit: int = 10) -> dict:
    """The at-risk cases of a kind the member of staff sees, the nearest deadline first."""
    cases = with_at_risk(kind.staff_cases(user), kind).filter(at_risk_since__isnull=False)
    return {"count": cases.count(), "items": list(cases.order_by("risk_due")[:limit])}
