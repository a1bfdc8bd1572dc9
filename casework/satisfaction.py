"""Satisfaction with the help desk's answers, per kind of case and per team.

The pilgrim is asked when a case closes (a desk request resolved, a complaint confirmed or
closed) by the SLA app's one-question survey: each kind's app completes its e-service
transaction then, which offers the survey once, by SMS (and its e-mail copy) in the
pilgrim's language, with a signed link that needs no sign-in; the answer is an
`sla.Survey`, one per transaction (its one-to-one key: a second answer, even a racing one,
is refused). So the satisfaction figures the SLA dashboards already show count these
answers, and this module splits the same answers by kind and by team: a desk request's
expert team, a complaint's provider (the care centre for one about the portal).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, OuterRef, Q, QuerySet

from sla.models import Survey
from sla.policies import policy_for
from sla.rollups import day_bounds

from . import kinds


@dataclass(frozen=True)
class Satisfaction:
    kind: str  # the kind's name (its model's plural)
    team: str  # empty on the kind's own line
    surveys: int
    satisfied: int
    average: Decimal | None

    @property
    def percent(self) -> Decimal | None:
        if not self.surveys:
            return None
        return (Decimal(100) * self.satisfied / self.surveys).quantize(Decimal("0.1"))


def _surveys(kind: kinds.CaseKind, *, first_day: date, last_day: date) -> QuerySet[Survey]:
    """The answers about cases of `kind` whose transaction started in the range (the
    SLA figures' rule: a figure belongs to the day its transaction started)."""
    start, end = day_bounds(first_day, last_day)
    return Survey.objects.filter(transaction__service__code__in=kind.sla_services,
                                 transaction__started_at__gte=start,
                                 transaction__started_at__lt=end)


def satisfaction_by_kind_and_team(*, first_day: date, last_day: date) -> list[Satisfaction]:
    """Each kind's line, followed by its teams' lines (the most answers first)."""
    rated_from = policy_for(last_day).satisfied_from_rating
    counts = {"surveys": Count("pk"), "satisfied": Count("pk", filter=Q(rating__gte=rated_from)),
              "average": Avg("rating")}
    lines = []
    for kind in kinds.all_kinds():
        if not kind.sla_services or kind.team_of_reference is None:
            continue
        label = str(kind.model._meta.verbose_name_plural)
        surveys = _surveys(kind, first_day=first_day, last_day=last_day)
        lines.append(_line(label, "", surveys.aggregate(**counts)))
        teams = (surveys.annotate(team=kind.team_of_reference(OuterRef("transaction__reference")))
                 .values("team").annotate(**counts).order_by("-surveys", "team"))
        lines += [_line(label, row["team"] or "", row) for row in teams]
    return lines


def _line(kind: str, team: str, row: dict) -> Satisfaction:
    average = row["average"]
    return Satisfaction(kind=kind, team=team, surveys=row["surveys"], satisfied=row["satisfied"],
                        average=None if average is None else Decimal(average).quantize(
                            Decimal("0.01")))
