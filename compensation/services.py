"""Writes of the compensation domain: claims opened from complaints, decided, paid.

A claim is computed by `compensation.annex.compute_compensation` from the season's annex
cell, the contract value and how many times the same item already failed for the pilgrim;
it must be decided within the policy's days (a swept `decide_due_at`), then paid from the
provider's withheld guarantee or by the provider. Each step tells the pilgrim by SMS.

The guarantee is the ledger's (`ledger.services`): a claim paid from it is a ledger transfer
in the claim's transaction, up to the guarantee's balance; the part the balance did not
cover is a `ProviderDebt` with a deadline in working days (the season's policy), swept and
escalated once when overdue. After the season's `guarantee_release_after`, the beat's
`guarantees_release_due` releases each provider's remaining guarantee, or holds it while a
complaint, a claim or a debt of that season is open.

The part paid from the guarantee goes to the pilgrim through the payment gateway
(compensation.payouts): queued in the claim's transaction, with the claim's `payout_key`,
the key of the ledger's transfer, so the two reconcile.
"""

from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts import staff_mail
from accounts.roles import is_ministry_staff
from ledger import selectors as ledger_selectors
from ledger import services as ledger_services
from ledger.models import Account
from notifications.services import sms_queue
from packages.models import CURRENCY, Season
from portal import calendars, working_days
from portal.audit import acting
from portal.hijri import parse_hijri
from portal.sweeps import sweep_due

from . import payouts, release_holds, selectors
from .annex import AnnexTerms, compute_compensation
from .errors import CompensationError
from .models import Claim, GuaranteeRelease, ProviderDebt

SMS = {
    "opened": _("Complaint %(number)s: a compensation claim of %(amount)s SAR is opened. It "
                "will be decided by %(deadline)s."),
    "opened_provision": _("Complaint %(number)s: the ministry provides the service at the "
                          "provider's cost. The claim will be decided by %(deadline)s."),
    "approved": _("Your compensation of %(amount)s SAR for complaint %(number)s is approved."),
    "rejected": _("Your compensation claim for complaint %(number)s is rejected: %(reason)s"),
    "paid": _("Your compensation of %(amount)s SAR for complaint %(number)s has been paid."),
}

# Every state of the e-service and the SMS that tells it (README: "Every stage told";
# tests/test_every_stage_is_told.py). None only with the reason beside it.
STAGES = {
    Claim: {
        Claim.Status.PENDING: "opened",
        Claim.Status.APPROVED: "approved",
        Claim.Status.REJECTED: "rejected",
        Claim.Status.PAID: "paid",
    },
    # The provider's side of a claim: its staff are told by e-mail (_mail_provider_debt,
    # _mail_provider_release), no pilgrim is party to it.
    ProviderDebt: {
        ProviderDebt.Status.OWED: None,
        ProviderDebt.Status.SETTLED: None,
    },
    # The provider's guarantee, checked and released to it at the season's end.
    GuaranteeRelease: {
        GuaranteeRelease.Status.PENDING: None,
        GuaranteeRelease.Status.HELD: None,
        GuaranteeRelease.Status.RELEASED: None,
    },
}


def claim_open(*, complaint, trigger: str, now: datetime) -> Claim | None:
    """Open the claim of an upheld or late-fixed complaint (once per complaint).

    None when the annex has no cell for the complaint (an "other" item or failure, or a
    complaint about the portal): the ministry then decides any redress by hand.
    """
    if complaint.contract_id is None or complaint.season_id is None:
        return None
    existing = Claim.objects.filter(complaint=complaint).first()
    if existing:
        return existing
    rule = selectors.annex_rule_get(season_id=complaint.season_id, item=complaint.item,
                                    failure=complaint.failure)
    if rule is None:
        return None
    occurrence = Claim.objects.filter(
        pilgrim_id=complaint.pilgrim_id, season_id=complaint.season_id, item=complaint.item,
    ).exclude(status=Claim.Status.REJECTED).count() + 1
    value = complaint.contract.value
    decision_days = selectors.season_policy_get(season_id=complaint.season_id).decision_days
    with translation.override(_language(complaint.pilgrim)):
        result = compute_compensation(rule=AnnexTerms.of(rule), package_value=value,
                                      occurrence=occurrence)
    claim = Claim.objects.create(
        complaint=complaint, pilgrim_id=complaint.pilgrim_id, provider_id=complaint.provider_id,
        contract_id=complaint.contract_id, season_id=complaint.season_id, item=complaint.item,
        failure=complaint.failure, trigger=trigger, occurrence=occurrence, package_value=value,
        amount=result.amount, rule_text=result.rule_text,
        ministry_provides=result.ministry_provides,
        decide_due_at=now + timedelta(days=decision_days),
        created_at=now,
    )
    _sms(claim, "opened_provision" if claim.ministry_provides else "opened", "opened")
    return claim


def _lock(claim) -> Claim:
    return (Claim.objects.select_for_update(of=("self",))
            .select_related("complaint", "pilgrim__profile").get(pk=claim.pk))


@transaction.atomic
def claim_decide(*, claim: Claim, acting_user, approve: bool, reason: str = "",
                 ministry_cost: Decimal | None = None, now: datetime | None = None) -> Claim:
    if not is_ministry_staff(acting_user):
        raise CompensationError("not_yours")
    now = now or timezone.now()
    claim = _lock(claim)
    if claim.status != Claim.Status.PENDING:
        raise CompensationError("not_pending")
    if not approve and not reason.strip():
        raise CompensationError("reason_required")
    if approve and claim.ministry_provides and ministry_cost is None:
        raise CompensationError("cost_required")
    claim.status = Claim.Status.APPROVED if approve else Claim.Status.REJECTED
    claim.decided_at, claim.decided_by, claim.decision_reason = now, acting_user, reason
    claim.ministry_cost = ministry_cost if claim.ministry_provides else None
    with acting(acting_user, why=reason):
        claim.save()
    _sms(claim, "approved" if approve else "rejected", "decided", reason=reason)
    return claim


@transaction.atomic
def claim_pay(*, claim: Claim, acting_user, paid_from: str, now: datetime | None = None) -> Claim:
    """Record an approved claim paid: by the provider directly, or from its guarantee.

    From the guarantee, the ledger moves the claim's charge out of it up to its balance
    (locking the guarantee's account, so two claims paid at once cannot spend the same
    money), and the part not covered becomes a debt of the provider, due within the
    season's working days, in the same transaction."""
    if not is_ministry_staff(acting_user):
        raise CompensationError("not_yours")
    now = now or timezone.now()
    claim = _lock(claim)
    if claim.status != Claim.Status.APPROVED:
        raise CompensationError("not_approved")
    charge = claim_charge(claim)
    if paid_from == Claim.PaidFrom.GUARANTEE and charge > 0:
        payment = ledger_services.compensation_paid(
            provider_id=claim.provider_id, season_id=claim.season_id, amount=charge,
            currency=CURRENCY, key=claim.payout_key, source="compensation.claim",
            source_id=claim.pk, memo=claim.complaint.number or "", acting_user=acting_user)
        if payment.uncovered > 0:
            _debt_record(claim, amount=payment.uncovered, now=now)
        # The pilgrim's part of what the guarantee paid (the rest was the ministry's cost).
        payouts.payout_queue(claim=claim, amount=min(claim.amount, payment.paid), now=now)
    claim.status, claim.paid_from, claim.paid_at = Claim.Status.PAID, paid_from, now
    with acting(acting_user, why=paid_from):
        claim.save(update_fields=["status", "paid_from", "paid_at"])
    if claim.amount > 0 and paid_from == Claim.PaidFrom.PROVIDER:
        # From the guarantee, the payout's own messages tell the pilgrim (sent, settled).
        _sms(claim, "paid", "paid")
    return claim


def claim_charge(claim: Claim) -> Decimal:
    """What the provider owes for the claim: the pilgrim's amount and the ministry's cost."""
    return claim.amount + (claim.ministry_cost or Decimal("0"))


# --- What the guarantee did not cover: the provider's debts ----------------------------


def _debt_record(claim: Claim, *, amount: Decimal, now: datetime) -> ProviderDebt:
    days = selectors.season_policy_get(season_id=claim.season_id).debt_working_days
    debt = ProviderDebt.objects.create(
        claim=claim, provider_id=claim.provider_id, season_id=claim.season_id, amount=amount,
        due_at=working_days.add_working_days(start=now, days=days,
                                             calendar=working_days.working_calendar()),
        created_at=now)
    transaction.on_commit(partial(_mail_provider_debt, debt.pk))
    return debt


@transaction.atomic
def debt_settle(*, debt: ProviderDebt, acting_user, now: datetime | None = None) -> ProviderDebt:
    """The ministry records that the provider paid what it owed."""
    if not is_ministry_staff(acting_user):
        raise CompensationError("not_yours")
    now = now or timezone.now()
    debt = ProviderDebt.objects.select_for_update().get(pk=debt.pk)
    if debt.status != ProviderDebt.Status.OWED:
        raise CompensationError("debt_settled")
    debt.status, debt.settled_at, debt.settled_by = ProviderDebt.Status.SETTLED, now, acting_user
    with acting(acting_user):
        debt.save(update_fields=["status", "settled_at", "settled_by"])
    return debt


def debts_escalate_overdue(*, now: datetime | None = None) -> int:
    """The beat's sweep: debts not paid by their deadline go to the monitors (once each, as
    overdue claims do)."""
    now = now or timezone.now()
    due = ProviderDebt.objects.filter(status=ProviderDebt.Status.OWED, due_at__lt=now,
                                      escalated_at__isnull=True)
    return sweep_due(name="compensation.debts_overdue", due=due.order_by("due_at"),
                     process=partial(_debt_escalate_one, now=now))


def _debt_escalate_one(pk, *, now) -> bool:
    won = ProviderDebt.objects.filter(
        Q(pk=pk), Q(status=ProviderDebt.Status.OWED), Q(due_at__lt=now),
        Q(escalated_at__isnull=True)).update(escalated_at=now)
    if won:
        transaction.on_commit(partial(_mail_ministry_debt_overdue, pk))
    return bool(won)


# --- The guarantee's release after the season -------------------------------------------
#
# It lives here, not in complaints: compensation owns the claims and debts that hold the
# guarantee and pays them from it, and sits above packages and the ledger, whose season
# dates and balances it reads. The one fact from above, an open complaint, comes through
# compensation.release_holds, which complaints fills; imports only go down.


def release_due(season: Season, now: datetime) -> bool:
    """The season's `guarantee_release_after` day has ended (Riyadh time)."""
    day = parse_hijri(season.guarantee_release_after)
    return now > calendars.end_of_hijri_day(day.year, day.month, day.day)


def guarantees_release_due(*, now: datetime | None = None) -> int:
    """The beat's sweep: for every provider with a guarantee in a season whose release date
    passed, release it when nothing holds it, or record what does. Returns how many were
    released. Rows held are checked again each tick; a released row is never swept again,
    and the sweep's claims keep two workers off the same provider's season."""
    now = now or timezone.now()
    seasons = [season.pk for season in Season.objects.all() if release_due(season, now)]
    if not seasons:
        return 0
    GuaranteeRelease.objects.bulk_create(
        [GuaranteeRelease(provider_id=provider_id, season_id=season_id, currency=currency,
                          status=GuaranteeRelease.Status.PENDING, checked_at=now)
         for provider_id, season_id, currency in ledger_selectors.providers_and_seasons()
         if season_id in seasons],
        ignore_conflicts=True)
    due = GuaranteeRelease.objects.filter(
        season_id__in=seasons,
        status__in=[GuaranteeRelease.Status.PENDING, GuaranteeRelease.Status.HELD])
    return sweep_due(name="compensation.guarantee_release", due=due.order_by("pk"),
                     process=partial(_release_one, now=now))


def _release_one(pk, *, now) -> bool:
    release = GuaranteeRelease.objects.select_for_update().get(pk=pk)
    if release.status == GuaranteeRelease.Status.RELEASED:
        return False
    who = {"provider_id": release.provider_id, "season_id": release.season_id}
    holds = (release_holds.open_complaints(**who), selectors.open_claim_numbers(**who),
             selectors.debt_owed(**who))
    if any(holds):
        told = (release.status, release.open_complaints, release.open_claims,
                release.debt_owed)
        release.status = GuaranteeRelease.Status.HELD
        release.open_complaints, release.open_claims, release.debt_owed = holds
        release.checked_at = now
        release.save()
        if told != (release.status, *holds):
            # The provider hears of a hold and of each change of what holds it, not of
            # every tick that finds it unchanged.
            transaction.on_commit(partial(_mail_provider_release, release.pk))
        return False
    transfer = ledger_services.guarantee_release(
        provider_id=release.provider_id, season_id=release.season_id,
        currency=release.currency, key=f"hajjportal-guarantee-release-{release.pk}",
        source="compensation.guaranteerelease", source_id=release.pk,
        memo=f"{release.season_id}")
    release.amount = (transfer.entries.get(account__kind=Account.Kind.OWED_TO_PROVIDER).amount
                      if transfer else Decimal("0.00"))
    release.transfer = transfer
    release.status = GuaranteeRelease.Status.RELEASED
    release.open_complaints, release.open_claims = [], []
    release.debt_owed = Decimal("0.00")
    release.checked_at = release.released_at = now
    release.save()
    transaction.on_commit(partial(_mail_provider_release, release.pk))
    return True


def claims_escalate_overdue(*, now: datetime | None = None) -> int:
    """The beat's sweep: claims not decided in time go to the monitors (once each: the
    conditional UPDATE locks the claim and only matches one still pending, not escalated)."""
    now = now or timezone.now()
    due = Claim.objects.filter(status=Claim.Status.PENDING, decide_due_at__lt=now,
                               escalated_at__isnull=True)
    return sweep_due(name="compensation.escalate_overdue", due=due.order_by("decide_due_at"),
                     process=partial(_escalate_overdue_one, now=now))


def _escalate_overdue_one(pk, *, now) -> bool:
    won = Claim.objects.filter(Q(pk=pk), Q(status=Claim.Status.PENDING), Q(decide_due_at__lt=now),
                               Q(escalated_at__isnull=True)).update(escalated_at=now)
    if won:
        transaction.on_commit(partial(_mail_ministry_overdue, pk))
    return bool(won)


def _mail_ministry_overdue(claim_id):
    claim = Claim.objects.select_related("complaint").filter(pk=claim_id).first()
    if claim is None or claim.complaint is None:
        return
    number = claim.complaint.number
    with translation.override("ar"):
        staff_mail.mail_ministry(
            _("Compensation claim of complaint %(number)s is overdue") % {"number": number},
            _("The compensation claim of complaint %(number)s was not decided in time.") % {
                "number": number})


def _mail_provider_debt(debt_id):
    debt = ProviderDebt.objects.select_related("claim__complaint").filter(pk=debt_id).first()
    if debt is None:
        return
    with translation.override("ar"):
        values = {"number": debt.claim.complaint.number, "amount": debt.amount,
                  "deadline": calendars.format_dual_datetime(debt.due_at)}
        staff_mail.mail_staff(
            _("Compensation owed for complaint %(number)s") % values,
            _("Your withheld guarantee did not cover the compensation of complaint "
              "%(number)s: you owe %(amount)s SAR, to be paid by %(deadline)s.") % values,
            staff_mail.staff_emails(provider_id=debt.provider_id))


def _mail_ministry_debt_overdue(debt_id):
    debt = (ProviderDebt.objects.select_related("claim__complaint", "provider")
            .filter(pk=debt_id).first())
    if debt is None:
        return
    with translation.override("ar"):
        values = {"provider": debt.provider.name, "number": debt.claim.complaint.number,
                  "amount": debt.amount,
                  "deadline": calendars.format_dual_datetime(debt.due_at)}
        staff_mail.mail_ministry(
            _("Compensation owed by %(provider)s is overdue") % values,
            _("%(provider)s has not paid the %(amount)s SAR of compensation for complaint "
              "%(number)s it owed by %(deadline)s.") % values)


def _mail_provider_release(release_id):
    release = GuaranteeRelease.objects.select_related("season").filter(pk=release_id).first()
    if release is None:
        return
    with translation.override("ar"):
        values = {"season": str(release.season)}
        if release.status == GuaranteeRelease.Status.RELEASED:
            if not release.amount:
                return
            values["amount"] = release.amount
            subject = _("Your guarantee of the %(season)s season is released") % values
            body = _("%(amount)s SAR of the guarantee withheld from your revenue in the "
                     "%(season)s season is released to you.") % values
        else:
            values["reason"] = release.reason
            subject = _("Your guarantee of the %(season)s season is held") % values
            body = _("The guarantee withheld from your revenue in the %(season)s season is "
                     "held: %(reason)s It is released once nothing holds it.") % values
        staff_mail.mail_staff(subject, body,
                              staff_mail.staff_emails(provider_id=release.provider_id))


def _language(user) -> str:
    profile = getattr(user, "profile", None)
    return (profile.preferred_language if profile else None) or "ar"


def _sms(claim, event, key, **context):
    profile = getattr(claim.pilgrim, "profile", None)
    if profile is None or not profile.mobile:
        return
    language = _language(claim.pilgrim)
    values = {"number": claim.complaint.number, "amount": str(claim.amount)}
    with translation.override(language):
        values["deadline"] = calendars.format_dual_datetime(claim.decide_due_at)
    values.update({name: str(value) for name, value in context.items()})
    sms_queue(to=profile.mobile, message=SMS[event], context=values, language=language,
              idempotency_key=f"compensation:claim:{claim.pk}:{key}", user=claim.pilgrim,
              about=claim)


def annex_rule_change_apply(*, rule, previous, acting_user, reason: str) -> None:
    """Save an edited annex cell (portal.rule_changes: in its transaction and audit context).

    Claims already made keep the amount they were computed and told with; the cell applies
    to the claims made after it (compensation.selectors.annex_rule_change_impact)."""
    rule.save()
