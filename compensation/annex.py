"""The compensation annex as one pure computation, used by claims and the public calculator.

`compute_compensation(rule=..., package_value=..., occurrence=...)` reads only its
arguments (`rule` is an `AnnexTerms`, a plain copy of an `AnnexRule` row), so a claim and
the calculator always agree. The annex (RULES.md section 4) is read so:

1. The amount is `percent` of the package value, raised to the floor ("not less than") and
   lowered to the cap ("not more than"), rounded half-up to halalas.
2. A repeated finding (occurrence 2 or more, for the same pilgrim and item) either raises the
   percentage to the row's maximum ("up to 15%": read as 15%, the ministry's published
   aggravation) or doubles the amount after the floor and cap (catering "late": "may be
   doubled" would mean nothing if the cap swallowed it). A third finding is treated like the
   second: the annex publishes no further step.
3. "Not delivered" accommodation has no amount: the ministry houses or serves the pilgrim at
   any cost and charges the provider (`ministry_provides`); the calculator answers 0.00.
4. The ambiguous cells are seeded as RULES.md reads them, with a note staff see in the admin.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from .errors import CompensationError
from .models import RepeatRule

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


@dataclass(frozen=True)
class AnnexTerms:
    item: str
    failure: str
    percent: Decimal
    floor: Decimal | None = None
    cap: Decimal | None = None
    corrective_period_minutes: int = 120
    repeat_rule: str = RepeatRule.NONE
    repeat_percent: Decimal | None = None
    ministry_provides: bool = False
    must_still_deliver: bool = False

    @classmethod
    def of(cls, rule) -> "AnnexTerms":
        return cls(item=rule.item, failure=rule.failure, percent=rule.percent, floor=rule.floor,
                   cap=rule.cap, corrective_period_minutes=rule.corrective_period_minutes,
                   repeat_rule=rule.repeat_rule, repeat_percent=rule.repeat_percent,
                   ministry_provides=rule.ministry_provides,
                   must_still_deliver=rule.must_still_deliver)


@dataclass(frozen=True)
class Compensation:
    amount: Decimal
    rule_text: str
    corrective_period_minutes: int
    ministry_provides: bool
    currency: str = "SAR"


def compute_compensation(*, rule: AnnexTerms, package_value: Decimal,
                         occurrence: int) -> Compensation:
    if package_value < 0:
        raise CompensationError("negative_value")
    if occurrence < 1:
        raise CompensationError("occurrence_range")
    repeated = occurrence > 1
    return Compensation(amount=_amount(rule, package_value, repeated),
                        rule_text=describe(rule, repeated=repeated),
                        corrective_period_minutes=rule.corrective_period_minutes,
                        ministry_provides=rule.ministry_provides)


def _amount(rule, package_value, repeated):
    if rule.ministry_provides:
        return Decimal("0.00")
    percent = rule.percent
    if repeated and rule.repeat_rule == RepeatRule.RAISE_TO:
        percent = max(percent, rule.repeat_percent)
    amount = package_value * percent / HUNDRED
    if rule.floor is not None:
        amount = max(amount, rule.floor)
    if rule.cap is not None:
        amount = min(amount, rule.cap)
    if repeated and rule.repeat_rule == RepeatRule.DOUBLE:
        amount *= 2
    return amount.quantize(CENT, ROUND_HALF_UP)


def describe(rule: AnnexTerms, *, repeated: bool = False) -> str:
    """The rule in words, in the active language (the calculator's `rule`, the claim's text)."""
    if rule.ministry_provides:
        return _("The ministry provides the service at any cost, charged to the provider.")
    percent = rule.percent
    if repeated and rule.repeat_rule == RepeatRule.RAISE_TO:
        percent = max(percent, rule.repeat_percent)
    parts = [_("%(percent)s%% of the package value") % {"percent": _number(percent)}]
    if rule.floor is not None:
        parts.append(_("at least %(amount)s SAR") % {"amount": _number(rule.floor)})
    if rule.cap is not None:
        parts.append(_("at most %(amount)s SAR") % {"amount": _number(rule.cap)})
    text = ", ".join(parts)
    if repeated and rule.repeat_rule == RepeatRule.RAISE_TO:
        text = _("%(rule)s (repeated finding)") % {"rule": text}
    elif repeated and rule.repeat_rule == RepeatRule.DOUBLE:
        text = _("%(rule)s, doubled (repeated finding)") % {"rule": text}
    if rule.must_still_deliver:
        text = _("%(rule)s; the provider must still deliver") % {"rule": text}
    return text


def _number(value: Decimal) -> str:
    """2.00 -> "2", 2.50 -> "2.5": percentages and round amounts read naturally."""
    text = format(value.normalize(), "f")
    return text
