"""Reads of the compensation domain: annex cells, claims, the provider's guarantee."""

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from ledger import selectors as ledger_selectors
from packages.models import CURRENCY
from portal.rule_changes import ContractChange, Impact

from .annex import AnnexTerms, compute_compensation
from .models import AnnexRule, Claim, Payout, ProviderDebt, SeasonPolicy


def annex_rule_get(*, season_id: int, item: str, failure: str) -> AnnexRule | None:
    return AnnexRule.objects.filter(season_id=season_id, item=item, failure=failure).first()


def corrective_period_minutes(*, season_id: int, item: str, failure: str,
                              default: int) -> int:
    """The cell's corrective period, or `default` for items the annex does not list."""
    rule = annex_rule_get(season_id=season_id, item=item, failure=failure)
    return rule.corrective_period_minutes if rule else default


def claim_payout_account_open(*, claim: Claim) -> bool:
    """Whether the pilgrim may still give the account their compensation is paid to (the
    rule of payouts.claim_payout_account_set): until its payout is queued, or once it failed."""
    if claim.status == Claim.Status.REJECTED:
        return False
    status = Payout.objects.filter(claim=claim).values_list("status", flat=True).first()
    return status in (None, Payout.Status.FAILED)


def season_policy_get(*, season_id: int) -> SeasonPolicy:
    """The season's compensation settings, opened with the defaults on first use."""
    return SeasonPolicy.objects.get_or_create(season_id=season_id)[0]


def guarantee_available(*, provider_id: int, season_id: int) -> Decimal:
    """What remains of the provider's guarantee for the season, as the ledger holds it: the
    season's share of the payments actually captured, less what refunds took back and
    compensation spent (and nothing once released)."""
    return ledger_selectors.guarantee_balance(provider_id=provider_id, season_id=season_id,
                                              currency=CURRENCY)


# Claims that may still cost the provider money: not decided, or approved and not yet paid.
OPEN_CLAIMS = (Claim.Status.PENDING, Claim.Status.APPROVED)


def open_claim_numbers(*, provider_id: int, season_id: int) -> list[str]:
    """The complaint numbers of the provider's claims of the season still open."""
    rows = (Claim.objects.filter(provider_id=provider_id, season_id=season_id,
                                 status__in=OPEN_CLAIMS)
            .order_by("pk").values_list("pk", "complaint__number"))
    return [number or f"#{pk}" for pk, number in rows]


def debt_owed(*, provider_id: int, season_id: int) -> Decimal:
    """What the provider still owes of the season's compensation the guarantee did not
    cover."""
    total = (ProviderDebt.objects.filter(provider_id=provider_id, season_id=season_id,
                                         status=ProviderDebt.Status.OWED)
             .aggregate(s=Sum("amount"))["s"])
    return total or Decimal("0.00")


def annex_rule_change_impact(*, rule: AnnexRule, proposed: AnnexRule):
    """Who an edit of the annex cell `rule` reaches, before it is saved (nothing is written).

    A claim's amount is computed once, when the claim is made, and kept: the claims of this
    cell waiting for a decision keep theirs, and the edit applies to the claims made after
    it. The preview lists those waiting claims with their amount and the amount the proposed
    cell would compute (the annex's own code, compensation.annex), so staff see what the
    next claims of the kind would get.
    """
    waiting = (Claim.objects.filter(season_id=rule.season_id, item=rule.item,
                                    failure=rule.failure,
                                    status__in=[Claim.Status.PENDING, Claim.Status.APPROVED])
               .select_related("contract__season", "pilgrim").order_by("pk"))
    rows = []
    for claim in waiting:
        after = compute_compensation(rule=AnnexTerms.of(proposed),
                                     package_value=claim.package_value,
                                     occurrence=claim.occurrence).amount
        if after != claim.amount:
            rows.append(ContractChange(reference=claim.contract.reference,
                                       holder=claim.pilgrim.get_full_name()
                                       or claim.pilgrim.get_username(),
                                       before=claim.amount, after=after))
    return Impact(
        counts=[(_("claims of this kind waiting for a decision or payment (they keep their "
                   "amount)"), len(waiting)),
                (_("of them, claims the new values would compute differently"), len(rows))],
        contracts=rows,
        table_title=_("Compensation: kept amount and the new values' amount"),
    )
