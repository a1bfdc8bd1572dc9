"""Changing a rule: who it affects before it is saved, why it was changed, and when.

Each app declares its rule models here from its AppConfig.ready (this bottom layer imports no
app), with two functions of its own:

- `impact(*, rule, proposed) -> Impact`: a read (the app's selectors.py) comparing the saved
  row `rule` with `proposed`, an unsaved copy holding the edited values. Nothing is written:
  the proposed values live only in memory and the app evaluates its real rule code against
  them (packages evaluates the refund policy with the proposed window in place of the saved
  one).
- `apply(*, rule, previous, acting_user, reason, **options)`: the write (the app's
  services.py) that saves the edited `rule`, carries the change where it reaches and tells
  whoever must be told after the commit; `previous` is the row as it was. `options` are the
  admin's choices for that kind (a refund window reaches signed contracts, which keep a copy
  of the rules, only with `to_signed_contracts=True`).

`rule_change_apply` runs `apply` in one transaction inside the audit context of the acting
user with the reason (portal.audit.acting), so the history row of the rule (django-pghistory)
says who changed it and why. A change dated later is kept as a `ScheduledRuleChange` and
applied once, on its day, by the beat's sweep (`rule_changes_apply_due`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .audit import acting
from .models import ScheduledRuleChange
from .sweeps import sweep_due


@dataclass
class ContractChange:
    """One contract whose refund (if cancelled today) changes: before and after."""

    reference: str
    holder: str
    before: Decimal
    after: Decimal


@dataclass
class Impact:
    """What a proposed rule change reaches. `counts` are (label, number) pairs in the order
    the panel shows them; `breaking` lists what would break the new rule and is kept as it is."""

    counts: list[tuple[str, int]] = field(default_factory=list)
    contracts: list[ContractChange] = field(default_factory=list)
    breaking: list[str] = field(default_factory=list)
    table_title: str = ""  # the heading of `contracts` (the refund if cancelled today)
    breaking_title: str = ""  # the heading of `breaking` (bookings that break the new rule)

    def with_breaking_count(self) -> "Impact":
        """Fill the count left None in `counts` with the number of breaking lines."""
        self.counts = [(label, len(self.breaking) if number is None else number)
                       for label, number in self.counts]
        return self


@dataclass(frozen=True)
class RuleKind:
    impact: Callable[..., Impact]
    apply: Callable[..., None]


_KINDS: dict[str, RuleKind] = {}


def declare(model_label: str, *, impact: Callable[..., Impact], apply: Callable[..., None]):
    """Called by an app's AppConfig.ready for each of its rule models ("app.Model")."""
    _KINDS[model_label] = RuleKind(impact=impact, apply=apply)


def kind_of(model) -> RuleKind:
    return _KINDS[model._meta.label]


def rule_change_impact(*, rule, proposed) -> Impact:
    return kind_of(type(rule)).impact(rule=rule, proposed=proposed)


def rule_change_apply(*, rule, acting_user, reason: str, previous=None,
                      options: dict | None = None) -> None:
    """Save the edited `rule` with who changed it and why (in its history's context)."""
    previous = previous or type(rule).objects.get(pk=rule.pk)
    with transaction.atomic(), acting(acting_user, action="rule_change", reason=reason):
        kind_of(type(rule)).apply(rule=rule, previous=previous, acting_user=acting_user,
                                  reason=reason, **(options or {}))


# --- Scheduled changes -------------------------------------------------------------------


def edited_values(rule, names) -> dict:
    """The fields `names` of `rule` as JSON (dates, decimals and lists as text)."""
    encoder = DjangoJSONEncoder()
    values = {}
    if hasattr(rule, "get_current_language"):  # parler: a translated text is this language's
        values["_language"] = rule.get_current_language()
    for name in names:
        try:
            model_field = rule._meta.get_field(name)
        except FieldDoesNotExist:  # a translated text (parler)
            model_field = None
        value = getattr(rule, model_field.attname if isinstance(
            model_field, models.ForeignKey) else name)
        values[name] = value if isinstance(value, list | bool | int | None) else (
            encoder.default(value) if not isinstance(value, str) else value)
    return values


def with_values(rule, values: dict):
    """`rule` with `values` (from `edited_values`) set, unsaved."""
    values = dict(values)
    if "_language" in values:
        rule.set_current_language(values.pop("_language"))
    for name, value in values.items():
        try:
            model_field = rule._meta.get_field(name)
        except FieldDoesNotExist:  # a translated text (parler)
            setattr(rule, name, value)
            continue
        if isinstance(model_field, models.ForeignKey):
            setattr(rule, model_field.attname, value)
        else:
            setattr(rule, name, model_field.to_python(value))
    return rule


def rule_change_schedule(*, rule, values: dict, effective_at: datetime, reason: str,
                         acting_user, options: dict | None = None) -> ScheduledRuleChange:
    """Keep an edit of `rule` to apply on `effective_at`; the rule itself stays as it is."""
    values = {**values, "_options": options} if options else values
    with acting(acting_user, action="rule_change_schedule", reason=reason):
        return ScheduledRuleChange.objects.create(
            content_type=ContentType.objects.get_for_model(type(rule)), object_id=rule.pk,
            values=values, effective_at=effective_at, reason=reason, created_by=acting_user)


def rule_changes_apply_due(*, now: datetime | None = None) -> int:
    """The beat's sweep: apply every pending change whose day has come, each once."""
    now = now or timezone.now()
    due = ScheduledRuleChange.objects.filter(status=ScheduledRuleChange.Status.PENDING,
                                             effective_at__lte=now).order_by("effective_at", "pk")
    return sweep_due(name="portal.rule_changes", due=due,
                     process=partial(_apply_one, now=now))


def _apply_one(change_id, *, now) -> bool:
    change = (ScheduledRuleChange.objects.select_for_update()
              .filter(pk=change_id, status=ScheduledRuleChange.Status.PENDING,
                      effective_at__lte=now).first())
    if change is None:
        return False
    model = change.content_type.model_class()
    previous = model.objects.select_for_update().get(pk=change.object_id)
    values = dict(change.values)
    options = values.pop("_options", {})
    rule = with_values(model.objects.get(pk=change.object_id), values)
    rule_change_apply(rule=rule, previous=previous, acting_user=change.created_by,
                      reason=change.reason, options=options)
    change.status = ScheduledRuleChange.Status.APPLIED
    change.applied_at = now
    change.save(update_fields=["status", "applied_at"])
    return True
