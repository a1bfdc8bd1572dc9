"""The kinds of case the help desk works on, registered by the apps that own them.

Casework sits below servicedesk and complaints (the apps' one-way layers): it reaches their
cases only through what each app registers here in its AppConfig.ready(), never by import.
"""

from collections.abc import Callable
from dataclasses import dataclass

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
