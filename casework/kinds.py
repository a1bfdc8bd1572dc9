"""The kinds of case the help desk works on, registered by the apps that own them.

Casework sits below servicedesk and complaints (the apps' one-way layers): it reaches their
cases only through what each app registers here in its AppConfig.ready(), never by import.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import QuerySet


@dataclass(frozen=True)
class CaseKind:
    key: str  # "desk", "complaint": stored beside every casework row that points at a case
    model: type[models.Model]
    reference: Callable[[models.Model], str]  # the number the pilgrim is told
    pilgrim: Callable[[models.Model], object]  # the account the case belongs to
    topic: Callable[[models.Model], str]  # the key canned replies are chosen by
    topics: Callable[[], list[tuple[str, str]]]  # every topic key with its label
    # Assignment (casework.services): the model has `assigned_to` and `assigned_at`.
    open_cases: Callable[[], QuerySet]  # the kind's cases still being worked on
    agents: Callable[[models.Model], QuerySet]  # the staff who may hold this case
    supervises: Callable[[object, models.Model], bool]  # may move it from another agent
    # Canned replies and links (casework.canned, casework.links):
    reference_field: str  # the model field staff find a case by (its reference)
    due: Callable[[models.Model], datetime | None]  # the next deadline the pilgrim is told
    is_closed: Callable[[models.Model], bool]  # nothing more happens on it
    # Closes `case` as a duplicate of `survivor` through the owning app's own transitions and
    # tells its pilgrim the survivor's reference, once: (case, *, survivor, acting_user).
    close_as_duplicate: Callable[..., None]
    # At risk and satisfaction (casework.at_risk, casework.satisfaction). `deadline` gives
    # query expressions over the kind's model, each NULL while no deadline runs (closed, or
    # the clock paused): "name" (which deadline), "due", "target" (its whole length, an
    # interval) and "anchor" (an instant that stays put while this deadline runs and moves
    # when a new one starts: the key a warning is told once by).
    deadline: Callable[[], dict[str, object]] | None = None
    assignee: Callable[[models.Model], object] = lambda case: None
    # Who is told of a case at risk when nobody is assigned: whom its escalation would reach.
    warn_emails: Callable[[models.Model], list[str]] = lambda case: []
    staff_cases: Callable[[object], object] | None = None  # the cases a member of staff sees
    deadline_labels: Callable[[], dict[str, str]] = lambda: {}
    # The e-services its SLA transactions count towards, and the team a case belongs to
    # (an expression over an OuterRef of the case's reference): the satisfaction figures.
    sla_services: tuple[str, ...] = ()
    team_of_reference: Callable[[object], object] | None = None


_kinds: dict[str, CaseKind] = {}


def register(kind: CaseKind) -> None:
    _kinds[kind.key] = kind


def get(key: str) -> CaseKind:
    return _kinds[key]


def of(case: models.Model) -> CaseKind:
    """The registered kind of a case object (its model, or the model it is a proxy of)."""
    model = case._meta.concrete_model
    for kind in _kinds.values():
        if kind.model._meta.concrete_model is model:
            return kind
    raise LookupError(f"{model.__name__} is not a registered kind of case")


def all_kinds() -> list[CaseKind]:
    return list(_kinds.values())
