"""The refund table as one pure computation, used by cancellations and the public calculator.

`compute_refund(policy=..., contract_value=..., clients=..., cancel_date=..., permit_state=...)`
reads only its arguments: `policy` is the snapshot a contract keeps from the day it was made
(`policy_snapshot(season)`), so a later edit of the season's rules never changes an existing
contract's refund. Rules are tried in their order and the first that matches wins.

The published table (RULES.md section 4) leaves cases open; the seeded rules decide them so:

1. Refused permit, any day of the track (even from 1 Dhu al-Hijjah): contract value minus the
   e-service fee per client. The refusal row says "any time" and the pilgrim did nothing
   wrong, so it wins over the no-refund window (it is the first rule).
2. Permit not issued, after 14 Shawwal and up to the end of Dhu al-Qa'dah: minus 10%. The
   full-refund window is over and the provider has held the place; the printed-permit row
   is the nearest published one (this is also the calculator example of the issue).
3. Permit issued (or printed) on or before 14 Shawwal: minus 10%. The full row covers only
   "before the permit is issued"; the ministry has already allocated the permit, so the 10%
   row applies from the track launch.
4. Permit issued but not yet printed, 15 Shawwal to the end of Dhu al-Qa'dah: minus 10%, as
   printed (printing is a formality of the same permit).
5. From 1 Dhu al-Hijjah to the track close, whatever the permit state except refused:
   nothing is refunded.
6. A day before the track launch or after the track close is refused with a reason (400 in
   the calculator): no contract can be made or cancelled then.
7. The fee or percentage never deducts more than the contract value: the deduction is capped
   at the value and the refund never goes below zero. Amounts are rounded half-up to halalas.
8. A contract paid only in part gets back what it paid minus the deduction, never below zero
   (`refund_of_payments`); the calculator assumes the value was paid in full.
9. An approved exemption (death, accident, disability, hospitalisation) refunds everything
   paid, whatever the window (refunds.services.exemption_decide).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.utils import translation

from portal import calendars
from portal.hijri import hijri_to_gregorian

from .choices import PermitState
from .errors import RefundError

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
MAX_CLIENTS = 14  # the pilgrim and up to 13 companions, for a season without a Hajj rule


@dataclass(frozen=True)
class RefundQuote:
    refund: Decimal
    deduction: Decimal
    rule_code: str
    rule_text: str
    currency: str = "SAR"


def policy_snapshot(season) -> dict:
    """The season's refund policy as plain data, Gregorian days already derived."""
    rules = [rule_snapshot(rule) for rule
             in season.refund_rules.prefetch_related("translations").order_by("position")]
    return {
        "version": 1,
        "season": season.year,
        "currency": "SAR",
        "service_fee": str(season.service_fee),
        "max_clients": _max_clients(season),
        "track_opens": _iso(season.gregorian("track_opens")),
        "track_closes": _iso(season.gregorian("track_closes")),
        "rules": rules,
    }


def rule_snapshot(rule) -> dict:
    """One refund rule as a policy keeps it. `rule` may be unsaved (a proposed edit): its
    description in the language being edited is the one on the instance."""
    description = ({t.language_code: t.description for t in rule.translations.all()}
                   if rule.pk else {})
    if hasattr(rule, "get_current_language"):
        current = rule.safe_translation_getter("description", any_language=False)
        if current:
            description[rule.get_current_language()] = current
    return {
        "code": rule.code,
        "permit_states": list(rule.permit_states),
        "starts_on": _iso(hijri_to_gregorian(rule.starts_on)),
        "ends_on": _iso(hijri_to_gregorian(rule.ends_on)),
        "starts_on_hijri": rule.starts_on,
        "ends_on_hijri": rule.ends_on,
        "deduction_percent": str(rule.deduction_percent),
        "deduct_service_fee": rule.deduct_service_fee,
        "description": description,
    }


def policy_with_rule(policy: dict, *, code: str, rule: dict) -> dict:
    """`policy` with its rule `code` replaced by `rule` (a copy; a policy without that rule
    is returned as it is)."""
    return {**policy, "rules": [rule if kept["code"] == code else kept
                                for kept in policy["rules"]]}


def _max_clients(season) -> int:
    """The holder and the companions the season's Hajj permit rule allows, the one place
    that number lives; MAX_CLIENTS for a season without a Hajj rule (nothing can be ordered
    in it). The rule is permits' model, read through the app registry since permits sits
    above refunds."""
    rule = (apps.get_model("permits", "ServiceRule").objects
            .filter(service__kind="hajj", season=season.year).first())
    return rule.max_companions + 1 if rule else MAX_CLIENTS


def compute_refund(*, policy: dict, contract_value: Decimal, clients: int, cancel_date: date,
                   permit_state: str) -> RefundQuote:
    """What a contract of `contract_value` gets back if cancelled on `cancel_date` (Riyadh)."""
    _check_inputs(policy, contract_value, clients, cancel_date, permit_state)
    rule = _matching_rule(policy, cancel_date, permit_state)
    percent = Decimal(rule["deduction_percent"])
    deduction = contract_value * percent / HUNDRED
    if rule["deduct_service_fee"]:
        deduction += Decimal(policy["service_fee"]) * clients
    deduction = min(deduction.quantize(CENT, ROUND_HALF_UP), contract_value)
    return RefundQuote(
        refund=(contract_value - deduction).quantize(CENT),
        deduction=deduction,
        rule_code=rule["code"],
        rule_text=rule_description(rule),
        currency=policy.get("currency", "SAR"),
    )


def refund_of_payments(quote: RefundQuote, *, amount_paid: Decimal) -> Decimal:
    """Decision 8: the deduction is taken from what was actually paid, never below zero."""
    return max(amount_paid - quote.deduction, Decimal("0")).quantize(CENT)


def refund_timeline(*, policy: dict, contract_value: Decimal, clients: int, today: date,
                    permit_state: str) -> list[dict]:
    """What cancelling gets back today, then on each later day where a rule boundary changes it.

    Each entry: {"from": date, "refund", "deduction", "rule"}; consecutive equal quotes merge.
    """
    closes = date.fromisoformat(policy["track_closes"])
    days = {today}
    for rule in policy["rules"]:
        for key, shift in (("starts_on", 0), ("ends_on", 1)):
            if rule[key]:
                day = date.fromisoformat(rule[key]) + timedelta(days=shift)
                if today < day <= closes:
                    days.add(day)
    timeline = []
    for day in sorted(days):
        try:
            quote = compute_refund(policy=policy, contract_value=contract_value, clients=clients,
                                   cancel_date=day, permit_state=permit_state)
        except RefundError:
            continue
        if timeline and timeline[-1]["rule_code"] == quote.rule_code:
            continue
        timeline.append({"from": day, "refund": quote.refund, "deduction": quote.deduction,
                         "rule": quote.rule_text, "rule_code": quote.rule_code})
    return timeline


def rule_description(rule: dict) -> str:
    """The rule's text in the active language, falling back like parler does (en, then ar)."""
    texts = rule.get("description") or {}
    language = (translation.get_language() or "ar").split("-")[0]
    for code in (language, "en", "ar"):
        if texts.get(code):
            return texts[code]
    return rule["code"]


def _check_inputs(policy, contract_value, clients, cancel_date, permit_state):
    if contract_value < 0:
        raise RefundError("negative_value")
    max_clients = policy.get("max_clients", MAX_CLIENTS)
    if not 1 <= clients <= max_clients:
        raise RefundError("clients_range", max=max_clients)
    if permit_state not in PermitState.values:
        raise RefundError("unknown_permit_state", state=permit_state)
    opens = date.fromisoformat(policy["track_opens"])
    closes = date.fromisoformat(policy["track_closes"])
    if cancel_date < opens:
        raise RefundError("before_track", date=calendars.format_dual(opens))
    if cancel_date > closes:
        raise RefundError("after_track", date=calendars.format_dual(closes))


def _matching_rule(policy, cancel_date, permit_state):
    for rule in policy["rules"]:
        if rule["permit_states"] and permit_state not in rule["permit_states"]:
            continue
        if rule["starts_on"] and cancel_date < date.fromisoformat(rule["starts_on"]):
            continue
        if rule["ends_on"] and cancel_date > date.fromisoformat(rule["ends_on"]):
            continue
        return rule
    raise RefundError("no_rule")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
