"""Reads of the help desk on cases of any registered kind (casework.kinds)."""

from collections import Counter

from django.contrib.auth import get_user_model
from django.db.models import Count, QuerySet

from . import kinds
from .models import Assignment, Note

# Assignment and notes


def workload() -> Counter:
    """Open cases per agent (user id -> count), every kind of case together."""
    counts: Counter = Counter()
    for kind in kinds.all_kinds():
        rows = (kind.open_cases().filter(assigned_to__isnull=False).order_by()
                .values("assigned_to").annotate(n=Count("pk")))
        counts.update({row["assigned_to"]: row["n"] for row in rows})
    return counts


def agent_choices(case) -> list[tuple[object, int]]:
    """The staff who may hold the case, each with their open cases, the least loaded first."""
    load = workload()
    agents = kinds.of(case).agents(case).order_by("first_name", "last_name", "username")
    return sorted(((agent, load[agent.pk]) for agent in agents), key=lambda pair: pair[1])


def workload_by_agent(*, agents: QuerySet | None = None) -> list[tuple[object, int]]:
    """Agents holding open cases with their counts, the most loaded first."""
    load = workload()
    users = agents if agents is not None else get_user_model().objects.all()
    return sorted(((user, load[user.pk]) for user in users.filter(pk__in=list(load))),
                  key=lambda pair: -pair[1])


def assignment_list(case) -> QuerySet[Assignment]:
    return (Assignment.objects.filter(kind=kinds.of(case).key, object_id=case.pk)
            .select_related("from_agent", "to_agent", "by"))


def note_list(case) -> QuerySet[Note]:
    return (Note.objects.filter(kind=kinds.of(case).key, object_id=case.pk)
            .select_related("author"))
