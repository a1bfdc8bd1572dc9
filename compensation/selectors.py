"""Reads of the compensation domain: annex cells, claims, the provider's guarantee."""

from decimal import Decimal

from django.db.models import Sum

from packages.models import Contract

from .models import AnnexRule, Policy


def annex_rule_get(*, season_id: int, item: str, failure: str) -> AnnexRule | None:
    return AnnexRule.objects.filter(season_id=season_id, item=item, failure=failure).first()


def policy_get() -> Policy:
    return Policy.objects.order_by("pk").first() or Policy.objects.create()


def corrective_period_minutes(*, season_id: int, item: str, failure: str,
                              default: int) -> int:
    """The cell's corrective period, or `default` for items the annex does not list."""
    rule = annex_rule_get(season_id=season_id, item=item, failure=failure)
    return rule.corrective_period_minutes if rule else default


def guarantee_withheld(*, provider, season_id: int) -> Decimal:
    """What the platform withheld from the provider's contracts of the season (5% each)."""
    total = (Contract.objects.filter(provider=provider, season_id=season_id)
             .exclude(status=Contract.Status.CANCELLED)
             .aggregate(s=Sum("guarantee_amount"))["s"])
    return total or Decimal("0")
