"""Writes of the packages domain: publication, quota, contracts, payments, cancellation.

Every write runs in `transaction.atomic`, takes keyword-only arguments and a clock (`now=`);
SMS are queued in the same transaction (notifications.services.sms_queue).
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, F, OuterRef, Sum
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.identity import normalize_identity_number, validate_identity_number
from accounts.models import PilgrimProfile
from accounts.roles import is_ministry_admin
from consent import selectors as consent_selectors
from consent import services as consent
from consent.errors import ConsentError
from consent.models import Dependant
from hajjportal.publish import publish
from ledger import services as ledger_services
from notifications.services import sms_queue
from permits import rules as permit_rules
from permits import signals as permit_signals
from permits.dates import end_of_local_day
from permits.errors import PermitError
from permits.services import contract_permits_cancel, hajj_request_create, holidays_seed
from portal import calendars, season_rules
from portal.audit import acting
from portal.hijri import HijriDateField, parse_hijri
from portal.selectors import care_centre_number
from portal.sweeps import sweep_due
from refunds.errors import RefundError
from refunds.models import Refund
from refunds.policy import compute_refund, policy_snapshot, policy_with_rule
from refunds.policy import rule_snapshot as policy_rule_snapshot
from refunds.services import refund_record, refund_rule_text
from sla import services as sla_services

from . import sale_barriers, selectors, versions
from .errors import PackageError
from .models import (
    CURRENCY,
    Contract,
    ContractClient,
    Instalment,
    Package,
    PackageVersion,
    PaymentAttempt,
    PermitState,
    ProviderChannel,
    RefundPart,
    RefundRule,
    Season,
)
from .payments import GatewayUnavailable, get_gateway

logger = logging.getLogger(__name__)

CENT = Decimal("0.01")

SMS = {
    "ordered": _("Booking %(reference)s for %(package)s (%(pilgrims)s) is confirmed. "
                 "Pay %(amount)s SAR by %(deadline)s to keep your places."),
    # Sent with the order (the contract's first moment): the pilgrim is bound from then on
    # and acknowledged these very channels when ordering (the contract keeps a copy), so the
    # number is in their phone before anything can go wrong, paid or not.
    "provider_channel": _("Booking %(reference)s: report any fault to %(provider)s at once "
                          "on %(channel)s. If they do not respond, call the ministry's care "
                          "centre on %(care_centre)s."),
    "instalment_paid": _("We received %(amount)s SAR for booking %(reference)s. Next "
                         "instalment: %(next_amount)s SAR by %(deadline)s."),
    "paid": _("Booking %(reference)s is paid in full. Your Hajj permit will now be "
              "requested."),
    "payment_failed": _("The payment for booking %(reference)s did not go through. Your places "
                        "are kept: try again before %(deadline)s."),
    "cancelled": _("Booking %(reference)s is cancelled (%(reason)s). Refund: %(refund)s SAR "
                   "(%(rule)s)."),
    "permit_requested": _("The Hajj permit for booking %(reference)s has been requested."),
    "permit_issued": _("The Hajj permit for booking %(reference)s has been issued."),
    "permit_printed": _("The Hajj permit for booking %(reference)s has been printed."),
    "refund_approved": _("Your refund of %(amount)s SAR for booking %(reference)s is approved. "
                         "It is on its way to the card you paid with; we will tell you when it "
                         "arrives."),
    "permit_refused": _("The Hajj permit for booking %(reference)s is refused: %(reason)s"),
    "refund_delayed": _("The refund of %(amount)s SAR for booking %(reference)s is delayed: "
                        "the payment back did not go through. Our staff are handling it."),
    "refund_paid": _("The refund of %(amount)s SAR for booking %(reference)s has been paid."),
    "version_changed": _("The ministry approved a change to %(package)s (booking "
                         "%(reference)s): %(changes)s. Your booking page shows what changed."),
    # A staff edit of a refund rule carried into the holder's contract (an event, not a
    # state: the contract's status does not move; packages.services.refund_rule_change_apply).
    "refund_rule_changed": _("The refund rules of booking %(reference)s changed: %(reason)s. "
                             "Cancelling today now refunds %(after)s SAR instead of "
                             "%(before)s SAR."),
    "version_lowered": _("The ministry approved a change to %(package)s (booking "
                         "%(reference)s) that lowers a service level: %(changes)s. You may "
                         "cancel with a full refund until %(until)s. Your booking page shows "
                         "what changed."),
}

# Every state of the package e-service and the SMS that tells it (README: "Every stage
# told"; tests/test_every_stage_is_told.py). None only with the reason beside it.
STAGES = {
    Package: {
        # A package's life is the provider's and the ministry's work in the staff pages;
        # no pilgrim holds anything in it until it is published and ordered.
        Package.Status.DRAFT: None,
        Package.Status.SUBMITTED: None,
        Package.Status.PUBLISHED: None,
        # Withdrawn from sale: the contracts already made keep their terms.
        Package.Status.WITHDRAWN: None,
    },
    PackageVersion: {
        # Draft and submission are the provider's own acts in the staff pages.
        PackageVersion.Status.DRAFT: None,
        PackageVersion.Status.SUBMITTED: None,
        # Approval changes the contracts on the package: their holders are told.
        PackageVersion.Status.APPROVED: "version_changed",
        # A rejected change never reaches a contract; the provider reads the reason.
        PackageVersion.Status.REJECTED: None,
        # Replaced by the approved version whose own message tells the change.
        PackageVersion.Status.SUPERSEDED: None,
    },
    Contract: {
        Contract.Status.ORDERED: "ordered",
        Contract.Status.PAID: "paid",
        Contract.Status.PERMIT_REQUESTED: "permit_requested",
        Contract.Status.PERMIT_ISSUED: "permit_issued",
        Contract.Status.PERMIT_PRINTED: "permit_printed",
        # No write moves a contract here yet (the season's end is not recorded per
        # contract); a printed permit is the pilgrim's last message.
        Contract.Status.COMPLETED: None,
        Contract.Status.CANCELLED: "cancelled",
    },
    Instalment: {
        Instalment.Status.DUE: "ordered",
        Instalment.Status.PAID: "instalment_paid",
        # Cancelled with the contract, whose cancellation message tells it.
        Instalment.Status.CANCELLED: "cancelled",
    },
    PaymentAttempt: {
        # The seconds at the payment page: its outcome is the message.
        PaymentAttempt.Status.PENDING: None,
        PaymentAttempt.Status.SUCCEEDED: "instalment_paid",
        PaymentAttempt.Status.FAILED: "payment_failed",
    },
    RefundPart: {
        # A part on its way to the gateway: the refund's approval already said it is coming.
        RefundPart.Status.QUEUED: None,
        RefundPart.Status.SENDING: None,
        RefundPart.Status.PENDING: None,
        # Told once every part of the refund settled (refunds' paid, below).
        RefundPart.Status.SETTLED: "refund_paid",
        RefundPart.Status.FAILED: "refund_delayed",
    },
    Refund: {
        # Computed with the cancellation, whose message gives the amount and the rule.
        Refund.Status.COMPUTED: "cancelled",
        Refund.Status.APPROVED: "refund_approved",
        Refund.Status.PAID: "refund_paid",
    },
}

PERMIT_STEPS = [Contract.Status.PAID, Contract.Status.PERMIT_REQUESTED,
                Contract.Status.PERMIT_ISSUED, Contract.Status.PERMIT_PRINTED]


# --- Packages: publication and quota ----------------------------------------------------


@transaction.atomic
def package_submit(*, package: Package, acting_user=None) -> Package:
    """The provider asks the ministry to publish; refused while the package is incomplete."""
    package = Package.objects.select_for_update().get(pk=package.pk)
    _check_publishable(package)
    package.status = Package.Status.SUBMITTED
    package.save(update_fields=["status"])
    return package


@transaction.atomic
def package_approve(*, package: Package, acting_user, now: datetime | None = None) -> Package:
    """Ministry approval publishes the package (checked again: channels may have changed)."""
    package = Package.objects.select_for_update().get(pk=package.pk)
    if package.status != Package.Status.SUBMITTED:
        raise PackageError("not_submitted")
    _check_publishable(package)
    now = now or timezone.now()
    package.status = Package.Status.PUBLISHED
    package.approved_by = acting_user
    package.approved_at = now
    package.save(update_fields=["status", "approved_by", "approved_at"])
    if package.current_version_id is None:
        # From now on the package changes only by a new version the ministry approves.
        versions.package_version_first(package=package, acting_user=acting_user, now=now)
    return package


@transaction.atomic
def package_withdraw(*, package: Package, acting_user=None) -> Package:
    """Stops new orders; existing contracts are untouched."""
    Package.objects.filter(pk=package.pk).update(status=Package.Status.WITHDRAWN)
    package.refresh_from_db()
    return package


def _check_publishable(package: Package) -> None:
    if not package.provider.is_active:
        raise PackageError("provider_inactive")
    problems = selectors.package_publication_problems(package=package)
    if problems["channels"]:
        raise PackageError("missing_channels", channels=_join(problems["channels"]))
    if problems["services"]:
        raise PackageError("missing_services", services=_join(problems["services"]))


def _join_now(labels) -> str:
    return ", ".join(str(label) for label in labels)


# Lazy, so the labels are rendered in the reader's language when the message is shown.
_join = lazy(_join_now, str)


def package_take_places(*, package_id: int, places: int) -> None:
    """Sell places with one conditional UPDATE: two buyers of the last place cannot both win.

    The row lock PostgreSQL takes for the UPDATE serialises concurrent sellers, and the
    WHERE re-reads the committed count after waiting, so the quota is never oversold.
    """
    sold = Package.objects.filter(
        pk=package_id, places_sold__lte=F("places_total") - places
    ).update(places_sold=F("places_sold") + places)
    if not sold:
        raise PackageError("sold_out")


def package_release_places(*, package_id: int, places: int) -> None:
    Package.objects.filter(pk=package_id, places_sold__gte=places).update(
        places_sold=F("places_sold") - places
    )


# --- Contracts: ordering ----------------------------------------------------------------


def contract_order(*, acting_user, package: Package, holder: dict, companions: list[dict],
                   acknowledged_channels: bool, payment_plan: str,
                   now: datetime | None = None) -> Contract:
    """Order a package for the pilgrim and up to the season's companions, all in it.

    `holder` adds what the profile lacks (identity_expires_on, last_hajj_year). Each of
    `companions` is one of the pilgrim's own dependants, staff-confirmed (Hajj is limited to
    once in a period), with what the pilgrim states of their document: {"dependant": id,
    "identity_expires_on", "nationality", "last_hajj_year", "is_mahram"}; or a person invited
    by identity number and mobile, {"id_type", "id_number", "mobile"}, who joins only by
    accepting (consent.Invitation): their place is held and counted in the contract until
    they accept, decline or the invitation lapses. Places are taken atomically. Every order,
    refused ones too, is one transaction of the "hajj_package" e-service.
    """
    now = now or timezone.now()
    try:
        contract = _contract_order(
            pilgrim=acting_user, package=package, holder=holder, companions=companions,
            acknowledged_channels=acknowledged_channels, payment_plan=payment_plan, now=now)
    except PackageError as error:
        sla_services.transaction_record_refusal(
            service="hajj_package", error_code=error.code, started_at=now, user=acting_user,
            provider=getattr(package, "provider", None), now=now)
        raise
    return contract


@transaction.atomic
def _contract_order(*, pilgrim, package, holder, companions, acknowledged_channels,
                    payment_plan, now):
    package = Package.objects.select_related("season", "provider").get(pk=package.pk)
    season = package.season
    _check_orderable(package, now)
    if not acknowledged_channels:
        raise PackageError("acknowledge_channels")
    _check_companions_count(companions, season)
    dependants, invitees = _companions(pilgrim, companions)
    persons = [_holder_person(pilgrim, holder)] + dependants
    _check_persons(persons, season, now)
    _check_invitees(persons, invitees)
    contact_mobile = persons[0]["mobile"]
    _check_mobiles(persons, season)
    package_take_places(package_id=package.pk, places=len(persons) + len(invitees))
    contract = _contract_create(pilgrim, package, persons, payment_plan, contact_mobile, now,
                                held=len(invitees))
    _instalments_create(contract, now)
    contract.consent_invitations = _invite(pilgrim, contract, invitees, now)
    contract_notify(contract, "ordered", now=now, **_next_due_context(contract))
    _notify_provider_channel(contract, now=now)
    sla_services.transaction_record(
        service="hajj_package", started_at=now, outcome="completed", provider=package.provider,
        reference=contract.reference, user=pilgrim, now=now,
        survey_at=_survey_at_season_end(season))
    return contract


def _survey_at_season_end(season):
    """A contract is surveyed when its Hajj permit is used at the gate
    (contract_on_hajj_permit), else once the season's Hajj days (its permit rule's last
    day) are over: a survey at ordering would ask about a Hajj not yet performed."""
    rule = permit_rules.hajj_rule_for_season(season.year)
    last_day = rule.valid_until if rule else calendars.end_of_hijri_month(season.year, 12)
    return end_of_local_day(last_day)


def _check_orderable(package, now):
    if package.status != Package.Status.PUBLISHED:
        raise PackageError("not_published")
    _check_provider_may_sell(package.provider, package.season_id)
    season = package.season
    today = calendars.local_date(now)
    # Sales close where the no-refund window starts (selectors.sales_close_on says why).
    if not (season.gregorian("track_opens") <= today < selectors.sales_close_on(season)):
        raise PackageError("track_closed")


def _check_companions_count(companions, season):
    """How many may join the holder: the season's Hajj permit rule, the number the permit
    request checks too, so no contract is sold that its permit would refuse for its size."""
    rule = permit_rules.hajj_rule_for_season(season.year)
    if rule is None:
        raise PackageError("track_closed")
    if len(companions) > rule.max_companions:
        raise PackageError("too_many_companions", max=rule.max_companions)


def _check_provider_may_sell(provider, season_year):
    """A revoked licence or a suspension covering the season bars all sales (sanctions are
    recorded by the complaints app, which registers the check in packages.sale_barriers)."""
    error = sale_barriers.first_barrier(provider=provider, season_year=season_year)
    if error is not None:
        raise error
    if not provider.is_active:
        raise PackageError("provider_inactive")


def _holder_person(pilgrim, holder):
    profile = getattr(pilgrim, "profile", None)
    if profile is None:
        raise PackageError("profile_required")
    return {
        "full_name": profile.full_name, "id_type": profile.id_type,
        "id_number": profile.id_number, "nationality": profile.nationality,
        "gender": profile.gender, "date_of_birth": profile.date_of_birth,
        "mobile": str(profile.mobile or ""), "relationship": ContractClient.Relationship.SELF,
        "is_mahram": False, "is_holder": True,
        "identity_expires_on": holder["identity_expires_on"],
        "last_hajj_year": holder.get("last_hajj_year"),
    }


# --- Companions: only with the person's consent -----------------------------------------
# Nobody is put on a contract by typing their details: a companion is one of the holder's
# own dependants (declared with a document and confirmed by staff, consent.Dependant) or a
# person invited by identity number AND mobile, who joins only by accepting, with their own
# details from their own profile and their own eligibility checked then.

INVITATION_PURPOSE = "packages.contract"

RELATIONSHIP_OF_DEPENDANT = {
    Dependant.Relation.SON: ContractClient.Relationship.CHILD,
    Dependant.Relation.DAUGHTER: ContractClient.Relationship.CHILD,
    Dependant.Relation.WIFE: ContractClient.Relationship.SPOUSE,
    Dependant.Relation.HUSBAND: ContractClient.Relationship.SPOUSE,
    Dependant.Relation.FATHER: ContractClient.Relationship.PARENT,
    Dependant.Relation.MOTHER: ContractClient.Relationship.PARENT,
    Dependant.Relation.BROTHER: ContractClient.Relationship.SIBLING,
    Dependant.Relation.SISTER: ContractClient.Relationship.SIBLING,
}

# consent's codes as packages refusals (the identity message names no person).
CONSENT_CODES = {"invalid_identity": "invited_identity_invalid"}


@dataclass(frozen=True)
class Invitee:
    """A companion named by identity number and mobile, as the holder typed them."""

    id_type: str
    id_number: str
    mobile: str


def _package_error(error: ConsentError) -> PackageError:
    return PackageError(CONSENT_CODES.get(error.code, error.code), **error.params)


def _companions(pilgrim, rows) -> tuple[list[dict], list[Invitee]]:
    """(the dependants as contract persons, the invitees); the numbers checked for format
    only, never looked up."""
    dependants, invitees = [], []
    for row in rows:
        if row.get("dependant"):
            dependants.append(_dependant_person(pilgrim, row))
        elif all(row.get(name) for name in ("id_type", "id_number", "mobile")):
            try:
                invitees.append(Invitee(
                    row["id_type"], consent.identity_clean(row["id_type"], row["id_number"]),
                    consent.mobile_clean(row["mobile"])))
            except ConsentError as error:
                raise _package_error(error) from error
        else:
            raise PackageError("companion_incomplete")
    return dependants, invitees


def _dependant_person(pilgrim, row) -> dict:
    """One of the holder's dependants: name, identity, gender and birth from the record staff
    confirmed; the document's expiry, nationality and last Hajj as the holder states them."""
    dependant = consent_selectors.dependant_for_owner(owner=pilgrim, pk=row["dependant"])
    if dependant is None:
        raise PackageError("dependant_not_found")
    if dependant.status != Dependant.Status.CONFIRMED:
        raise PackageError("dependant_unconfirmed", name=dependant.full_name)
    if not row.get("identity_expires_on"):
        raise PackageError("companion_incomplete")
    return {
        "full_name": dependant.full_name, "id_type": dependant.id_type,
        "id_number": dependant.id_number, "nationality": (row.get("nationality") or "SA"),
        "gender": dependant.gender, "date_of_birth": dependant.date_of_birth, "mobile": "",
        "relationship": RELATIONSHIP_OF_DEPENDANT.get(dependant.relation,
                                                      ContractClient.Relationship.RELATIVE),
        "is_mahram": bool(row.get("is_mahram")), "is_holder": False,
        "identity_expires_on": row["identity_expires_on"],
        "last_hajj_year": row.get("last_hajj_year"),
    }


def _check_invitees(persons, invitees) -> None:
    """Nobody twice: an invitee is neither on the contract already nor invited twice (the
    holder's own number is consent's self_invite)."""
    seen = {(p["id_type"], p["id_number"]) for p in persons[1:]}
    for invitee in invitees:
        if (invitee.id_type, invitee.id_number) in seen:
            raise PackageError("duplicate_person")
        seen.add((invitee.id_type, invitee.id_number))


def _invite(pilgrim, contract, invitees, now) -> list:
    """One invitation per invitee, each holding one place, open at most until the first
    instalment is due: no payment is taken while one is open (the amount may still fall)."""
    if not invitees:
        return []
    first_due = contract.instalments.order_by("position").values_list("due_at", flat=True)[0]
    try:
        return consent.invite_all(acting_user=pilgrim, invitees=invitees,
                                  purpose=INVITATION_PURPOSE, object_id=contract.pk,
                                  expires_by=first_due, now=now)
    except ConsentError as error:
        raise _package_error(error) from error


def invitation_accept(invitation, *, acting_user, now, details) -> None:
    """consent's on_accept: the invited account holder joins the contract, with their own
    profile's name, identity, nationality, gender and birth, the details they stated
    (document expiry, last Hajj, relationship), and the season's checks on them."""
    contract = (Contract.objects.select_for_update(of=("self",)).select_related("season")
                .get(pk=invitation.object_id))
    if contract.status != Contract.Status.ORDERED or contract.held_places < invitation.seats:
        raise PackageError("invitation_void")
    profile = PilgrimProfile.objects.filter(user=acting_user).first()
    if profile is None:
        raise PackageError("profile_required")
    person = {
        "full_name": profile.full_name, "id_type": profile.id_type,
        "id_number": profile.id_number, "nationality": profile.nationality,
        "gender": profile.gender, "date_of_birth": profile.date_of_birth,
        "mobile": str(profile.mobile or ""), "relationship": details["relationship"],
        "is_mahram": bool(details.get("is_mahram")), "is_holder": False,
        "identity_expires_on": details["identity_expires_on"],
        "last_hajj_year": details.get("last_hajj_year"),
    }
    _check_persons([person], contract.season, now)
    _check_mobiles([person], contract.season)
    try:
        with transaction.atomic():
            ContractClient.objects.create(contract=contract, season=contract.season, **person)
    except IntegrityError as exc:  # booked elsewhere meanwhile
        raise PackageError("person_booked", name=person["full_name"]) from exc
    contract.held_places -= invitation.seats
    contract.save(update_fields=["held_places"])


def invitation_release(invitation, *, now) -> None:
    """consent's on_release: the place held for an invitation declined, lapsed or refused
    goes back to the package; the contract is one client smaller and costs that much less
    (nothing can have been paid while the invitation was open)."""
    contract = (Contract.objects.select_for_update(of=("self",)).select_related("season")
                .get(pk=invitation.object_id))
    if contract.status != Contract.Status.ORDERED or contract.held_places < invitation.seats:
        return  # cancelled meanwhile: contract_cancel released every place
    contract.held_places -= invitation.seats
    contract.clients -= invitation.seats
    _reprice(contract)
    if contract.package_id:
        package_release_places(package_id=contract.package_id, places=invitation.seats)


def invitation_describe(invitation, *, language) -> str:
    contract = (Contract.objects.select_related("package", "provider")
                .get(pk=invitation.object_id))
    package = contract.package
    name = (package.safe_translation_getter("name", language_code=language, any_language=True)
            if package else "")
    with translation.override(language):
        return str(_("Hajj package %(package)s with %(provider)s") % {
            "package": name, "provider": contract.provider.public_name_in(language)})


def _reprice(contract) -> None:
    """The contract's value for its clients at its price per person, and the due instalments
    rescaled to keep their shares (the last takes the rounding)."""
    old_value = contract.value
    contract.value = (contract.price_per_person * contract.clients).quantize(CENT)
    contract.save(update_fields=["held_places", "clients", "value"])
    instalments = list(contract.instalments.filter(status=Instalment.Status.DUE)
                       .order_by("position"))
    remaining = contract.value
    for index, instalment in enumerate(instalments):
        last = index == len(instalments) - 1
        amount = remaining if last else (
            instalment.amount * contract.value / old_value).quantize(CENT)
        remaining -= amount
        Instalment.objects.filter(pk=instalment.pk).update(amount=amount)


def _check_persons(persons, season, now):
    seen = set()
    for person in persons:
        try:
            validate_identity_number(person["id_type"], person["id_number"])
        except ValidationError as exc:
            raise PackageError("invalid_identity", name=person["full_name"],
                               reason=" ".join(exc.messages)) from exc
        person["id_number"] = normalize_identity_number(person["id_type"], person["id_number"])
        key = (person["id_type"], person["id_number"])
        if key in seen:
            raise PackageError("duplicate_person")
        seen.add(key)
        _check_eligible(person, season, now)
        if ContractClient.objects.filter(season=season, is_active=True, id_type=key[0],
                                         id_number=key[1]).exists():
            raise PackageError("person_booked", name=person["full_name"])


def _check_eligible(person, season, now):
    """The season's Hajj eligibility, by the one rule the permit request applies too
    (permits.rules): nobody pays for a Hajj the permit would refuse."""
    rule = permit_rules.hajj_rule_for_season(season.year)
    if rule is None:
        raise PackageError("track_closed")
    try:
        permit_rules.check_hajj_eligibility(
            rule=rule, name=person["full_name"], date_of_birth=person["date_of_birth"],
            identity_expires_on=person["identity_expires_on"],
            last_hajj_season=person.get("last_hajj_year"), now=now)
    except PermitError as error:
        raise PackageError(error.code, **error.params) from error


def _check_mobiles(persons, season):
    """A mobile number serves one booking only (it may repeat inside the same booking)."""
    live = Contract.objects.filter(season=season).exclude(status=Contract.Status.CANCELLED)
    for mobile in {p["mobile"] for p in persons if p["mobile"]}:
        taken = (live.filter(contact_mobile=mobile).exists()
                 or ContractClient.objects.filter(season=season, is_active=True,
                                                  mobile=mobile).exists())
        if taken:
            raise PackageError("mobile_used", mobile=mobile)


def _contract_create(pilgrim, package, persons, payment_plan, contact_mobile, now, held=0):
    season = package.season
    clients = len(persons) + held
    # The version on sale is what is bought: its price stays the contract's for good.
    version = package.current_version
    price = version.price if version is not None else package.price
    value = (price * clients).quantize(CENT)
    contract = Contract.objects.create(
        pilgrim=pilgrim, provider=package.provider, season=season, package=package,
        version=version, clients=clients, held_places=held, price_per_person=price,
        value=value,
        payment_plan=payment_plan, contact_mobile=contact_mobile,
        channels_acknowledged_at=now, channels_acknowledged_by=pilgrim,
        acknowledged_channels=[{"kind": c.kind, "value": c.value, "label": c.label}
                               for c in package.provider.channels.all()],
        refund_policy=policy_snapshot(season),
        created_at=now,
    )
    try:
        with transaction.atomic():
            ContractClient.objects.bulk_create(
                ContractClient(contract=contract, season=season, **person) for person in persons
            )
    except IntegrityError as exc:
        # A twin order for the same person committed between our check and our insert.
        raise PackageError("person_booked", name=persons[0]["full_name"]) from exc
    return contract


def _instalments_create(contract, now):
    """The season's plan; a dated step already past (or earlier than the first) is due with
    the first, so a late order still gets the first step's full delay."""
    steps = list(contract.season.instalment_steps.order_by("position"))
    if contract.payment_plan == Contract.PaymentPlan.FULL:
        steps = steps[:1]
    first_due = None
    remaining = contract.value
    for index, step in enumerate(steps):
        due = _step_due(step, now)
        first_due = first_due or due
        due = max(due, first_due)
        last = index == len(steps) - 1
        amount = remaining if last else (contract.value * step.percent / 100).quantize(CENT)
        remaining -= amount
        Instalment.objects.create(contract=contract, position=step.position, amount=amount,
                                  due_at=due)


def _step_due(step, now):
    if step.due_hours_after_order is not None:
        return now + timedelta(hours=step.due_hours_after_order)
    hijri = parse_hijri(step.due_on)
    return calendars.end_of_hijri_day(hijri.year, hijri.month, hijri.day)


# --- Contracts: payment -----------------------------------------------------------------


def contract_pay(*, contract: Contract, card_token: str, now: datetime | None = None) -> Contract:
    """Pay the next instalment through the gateway (outside any transaction: the HTTP call
    must not hold row locks). A failure keeps the places until the instalment's deadline."""
    now = now or timezone.now()
    attempt = _attempt_start(contract.pk, now)
    try:
        result = get_gateway().charge(
            amount=attempt.amount, currency=CURRENCY, card_token=card_token,
            idempotency_key=attempt.idempotency_key,
            description=f"Hajj package contract {contract.pk}",
        )
    except GatewayUnavailable as exc:
        _attempt_fail(attempt.pk, reason=str(exc), now=now)
        raise PackageError("gateway_unavailable") from exc
    if not result.succeeded:
        _attempt_fail(attempt.pk, reason=result.reason, now=now, reference=result.reference)
        raise PackageError("payment_failed", reason=result.reason or "",
                           deadline=calendars.lazy_dual_datetime(attempt.instalment.due_at))
    return _attempt_succeed(attempt.pk, reference=result.reference, now=now)


@transaction.atomic
def _attempt_start(contract_id, now):
    contract = Contract.objects.select_for_update().get(pk=contract_id)
    instalment = contract.instalments.filter(status=Instalment.Status.DUE).first()
    if contract.status != Contract.Status.ORDERED or instalment is None:
        raise PackageError("nothing_due")
    if contract.held_places:
        # The amount falls if an invited companion declines: settle the invitations first.
        raise PackageError("invitations_pending")
    if instalment.due_at < now:
        raise PackageError("not_cancellable")
    return PaymentAttempt.objects.create(instalment=instalment, amount=instalment.amount,
                                         created_at=now)


@transaction.atomic
def _attempt_fail(attempt_id, *, reason, now, reference=""):
    attempt = PaymentAttempt.objects.select_related("instalment__contract").get(pk=attempt_id)
    attempt.status = PaymentAttempt.Status.FAILED
    attempt.failure_reason = reason[:300]
    attempt.gateway_reference = reference
    attempt.finished_at = now
    attempt.save()
    contract_notify(attempt.instalment.contract, "payment_failed", now=now,
                    key=f"failed-{attempt.pk}",
                    deadline=calendars.lazy_dual_datetime(attempt.instalment.due_at))


@transaction.atomic
def _attempt_succeed(attempt_id, *, reference, now):
    attempt = PaymentAttempt.objects.select_for_update().get(pk=attempt_id)
    contract = Contract.objects.select_for_update().get(pk=attempt.instalment.contract_id)
    attempt.status = PaymentAttempt.Status.SUCCEEDED
    attempt.gateway_reference = reference
    attempt.finished_at = now
    attempt.save()
    Instalment.objects.filter(pk=attempt.instalment_id).update(
        status=Instalment.Status.PAID, paid_at=now
    )
    _ledger_payment_captured(attempt, contract)
    if contract.instalments.filter(status=Instalment.Status.DUE).exists():
        contract_notify(contract, "instalment_paid", now=now,
                        key=f"instalment-{attempt.instalment_id}",
                        **_next_due_context(contract, amount_key="next_amount"),
                        amount=attempt.amount)
        return contract
    contract.status = Contract.Status.PAID
    contract.paid_at = now
    contract.save(update_fields=["status", "paid_at"])
    contract_notify(contract, "paid", now=now)
    _hajj_permit_request(contract, now=now)
    return contract


def _ledger_payment_captured(attempt: PaymentAttempt, contract: Contract) -> None:
    """The captured money enters the ledger with the payment, in its transaction: the
    season's guarantee share is withheld, the rest owed to the provider. The transfer's key is
    the one the gateway was charged with, so reconciliation matches the two records."""
    ledger_services.payment_captured(
        provider_id=contract.provider_id, season_id=contract.season_id, amount=attempt.amount,
        currency=CURRENCY, guarantee_percent=contract.season.guarantee_percent,
        key=attempt.idempotency_key, source="packages.paymentattempt", source_id=attempt.pk,
        memo=contract.reference, acting_user=contract.pilgrim)


def _hajj_permit_request(contract: Contract, *, now: datetime) -> None:
    """Paying in full requests the Hajj permit for everyone on the contract.

    A person the season's Hajj rule does not admit (the rule changed since the order, say)
    is refused now, after the money is in: the pilgrim is told why by SMS and the contract
    is cancelled with the refund of a refused permit, as when the Ministry refuses it. Any
    other refusal (a request already made, no rule for the season) must not undo the
    payment: it is logged, the contract stays paid, and the pilgrim can request the permit
    again from the permits pages.
    """
    try:
        with transaction.atomic():
            hajj_request_create(acting_user=contract.pilgrim, contract=contract,
                                idempotency_key=f"contract-{contract.pk}-hajj", now=now)
    except PermitError as exc:
        if exc.code not in permit_rules.HAJJ_ELIGIBILITY_CODES:
            logger.warning("Contract %s paid; Hajj permit request refused: %s", contract.pk,
                           exc.code)
        else:
            logger.info("Contract %s paid; not eligible for Hajj (%s): refunded", contract.pk,
                        exc.code)
            contract_notify(contract, "permit_refused", now=now,
                            reason=lambda error=exc: error.message)
            contract_cancel_for_permit_refusal(contract=contract, refused_at=now)
    contract.refresh_from_db(fields=["status"])


def contract_amount_paid(contract: Contract) -> Decimal:
    """What the pilgrim has paid; a contract made without instalments counts as paid once it
    left the ordered state (contracts recorded by other apps or before payments existed)."""
    if not contract.instalments.exists():
        return Decimal("0") if contract.status == Contract.Status.ORDERED else contract.value
    paid = contract.instalments.filter(status=Instalment.Status.PAID).aggregate(s=Sum("amount"))
    return paid["s"] or Decimal("0")


# --- Contracts: cancellation and permit states ------------------------------------------


@transaction.atomic
def contract_cancel(*, contract: Contract, reason: str, now: datetime | None = None,
                    acting_user=None, permit_state: str | None = None,
                    full_refund: bool = False):
    """Cancel, compute and record the refund, release the places, tell the pilgrim.

    Returns the refunds.Refund. `permit_state` overrides the contract's own (refusal);
    `full_refund` is an approved exemption. A pilgrim cancelling while an approved change
    that lowered a service level gives them the right gets a full refund too.
    """
    now = now or timezone.now()
    # The open invitations first: an Accept locks its invitation, then the contract, so this
    # order cannot deadlock with one; their held places go back with the contract's.
    consent.withdraw(purpose=INVITATION_PURPOSE, object_id=contract.pk, now=now)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if not contract.is_live:
        raise PackageError("not_cancellable")
    lowered_right = (not full_refund and reason == Contract.CancelReason.PILGRIM
                     and selectors.contract_full_refund_right_until(contract=contract, now=now))
    refund = refund_record(contract=contract, reason=reason, now=now,
                           permit_state=permit_state or contract.permit_state,
                           amount_paid=contract_amount_paid(contract),
                           full_refund=full_refund or bool(lowered_right))
    if lowered_right:
        _refund_name_lowered_service(refund)
    contract.status = Contract.Status.CANCELLED
    contract.cancelled_at = now
    contract.cancel_reason = reason
    contract.held_places = 0
    contract.save(update_fields=["status", "cancelled_at", "cancel_reason", "held_places"])
    contract.instalments.filter(status=Instalment.Status.DUE).update(
        status=Instalment.Status.CANCELLED
    )
    contract.persons.update(is_active=False)
    if contract.package_id:  # the clients count the places held for invitees
        package_release_places(package_id=contract.package_id, places=contract.clients)
    contract_permits_cancel(contract=contract, now=now)
    sla_services.survey_withdraw(service="hajj_package", reference=contract.reference)
    _sla_record_cancellation(contract, reason=reason, now=now)
    contract_notify(contract, "cancelled", now=now, reason=Contract.CancelReason(reason).label,
                    refund=refund.amount, rule=lambda: refund_rule_text(refund))
    return refund


# Cancellations the pilgrim asks for (the cancel page, an exemption claim) are the
# e-service "cancel a Hajj permit booking"; the portal's own (an instalment overdue, the
# permit refused) answer no request of theirs and are not counted.
SLA_CANCEL_REASONS = frozenset({Contract.CancelReason.PILGRIM, Contract.CancelReason.EXEMPTION})


def _sla_record_cancellation(contract: Contract, *, reason: str, now: datetime) -> None:
    """One "hajj_cancel" transaction per cancelled contract, completed at once (the
    published target is "immediate"), in the cancellation's own database transaction; the
    Hajj permit cancelled with it is not counted again (permits.booking_cancel)."""
    if reason not in SLA_CANCEL_REASONS:
        return
    sla_services.transaction_record(
        service="hajj_cancel", started_at=now, outcome="completed", provider=contract.provider,
        reference=f"contract-cancel:{contract.reference}", user=contract.pilgrim, now=now)


LOWERED_SERVICE_RULE = _("A service level of the package was lowered: full refund of what "
                         "was paid")


def lowered_service_rule() -> dict:
    """The refund rule of a cancellation under the right a lowered service level gives, with
    its text in every language (as the refund table's rules keep theirs)."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(LOWERED_SERVICE_RULE)
    return {"code": "service_lowered", "description": texts}


def _refund_name_lowered_service(refund) -> None:
    """refunds records a full refund under the exemption's rule (refund_record's
    `full_refund`); this one is owed to a lowered service level, and the pilgrim, staff and
    the ledger read that. Renamed here, in the same transaction, rather than by a new
    argument of refunds' function for this one caller."""
    rule = lowered_service_rule()
    refund.rule_code = rule["code"]
    refund.rule_text = str(LOWERED_SERVICE_RULE)[:300]
    refund.computation = {**refund.computation, "rule": rule}
    refund.save(update_fields=["rule_code", "rule_text", "computation"])


def contracts_cancel_overdue(*, now: datetime | None = None) -> int:
    """The beat's sweep: cancel every live booking with an instalment past its deadline
    (through portal.sweeps: sweepers split the backlog, one contract a transaction)."""
    now = now or timezone.now()
    overdue = Instalment.objects.filter(contract=OuterRef("pk"), status=Instalment.Status.DUE,
                                        due_at__lt=now)
    due = Contract.objects.filter(Exists(overdue), status=Contract.Status.ORDERED)
    return sweep_due(name="packages.cancel_overdue", due=due.order_by("pk"),
                     process=partial(_cancel_overdue_one, now=now))


def _cancel_overdue_one(contract_id, *, now) -> bool:
    # SKIP LOCKED: a payment finishing right now holds the row; the next sweep decides.
    contract = (Contract.objects.select_for_update(skip_locked=True)
                .filter(pk=contract_id, status=Contract.Status.ORDERED).first())
    if contract is None:
        return False
    if not contract.instalments.filter(status=Instalment.Status.DUE, due_at__lt=now).exists():
        return False
    contract_cancel(contract=contract, reason=Contract.CancelReason.OVERDUE, now=now)
    return True


@transaction.atomic
def contract_mark_permit_state(*, contract: Contract, state: str,
                               now: datetime | None = None) -> Contract:
    """The permit's progress: permit_requested, permit_issued, permit_printed.

    Forward only, from a paid contract; repeating the current state is a no-op.
    """
    contract, moved = _permit_state_move(contract, state)
    if moved:
        contract_notify(contract, state, now=now or timezone.now())
    return contract


def _permit_state_move(contract: Contract, state: str) -> tuple[Contract, bool]:
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if state == contract.status:
        return contract, False
    if (state not in PERMIT_STEPS[1:] or contract.status not in PERMIT_STEPS
            or PERMIT_STEPS.index(state) < PERMIT_STEPS.index(contract.status)):
        raise PackageError("bad_permit_state", current=contract.get_status_display(),
                           state=state)
    contract.status = state
    contract.save(update_fields=["status"])
    return contract, True


@transaction.atomic
def contract_cancel_for_permit_refusal(*, contract: Contract, refused_at: datetime,
                                       acting_user=None):
    """The Ministry of Interior refused the permit: cancel with the refusal rule (the
    contract value minus the e-service fee).

    Idempotent: a contract already refunded keeps (and returns) its refund.
    """
    existing = Refund.objects.filter(contract_id=contract.pk).first()
    if existing is not None:
        return existing
    return contract_cancel(contract=contract, reason=Contract.CancelReason.PERMIT_REFUSED,
                           now=refused_at, acting_user=acting_user,
                           permit_state=PermitState.REFUSED)


def contract_on_hajj_permit(sender, *, booking, state, now, acting_user=None, **kwargs):
    """Receiver of permits.signals.hajj_permit_changed: the contract follows its permit.

    The permits app sends its own SMS for each step, so moving the state here is silent.
    """
    if not booking.contract_id:
        return
    contract = Contract.objects.get(pk=booking.contract_id)
    if state == permit_signals.REQUESTED:
        _permit_state_move(contract, Contract.Status.PERMIT_REQUESTED)
    elif state == permit_signals.ISSUED:
        _permit_state_move(contract, Contract.Status.PERMIT_ISSUED)
    elif state == permit_signals.PRINTED:
        # From now a cancellation falls in the season's printed-permit refund tier.
        _permit_state_move(contract, Contract.Status.PERMIT_PRINTED)
    elif state == permit_signals.WITHDRAWN:
        Contract.objects.filter(pk=contract.pk, status=Contract.Status.PERMIT_REQUESTED).update(
            status=Contract.Status.PAID)
    elif state == permit_signals.REFUSED:
        contract_cancel_for_permit_refusal(contract=contract, refused_at=now,
                                           acting_user=acting_user)
    elif state == permit_signals.USED:
        sla_services.survey_offer_now(service="hajj_package", reference=contract.reference,
                                      now=now)


def contract_on_exemption_approved(sender, *, claim, now, acting_user=None, **kwargs):
    """Receiver of refunds.signals.exemption_approved: an approved exemption cancels the
    live contract with a full refund of everything paid."""
    contract_cancel(contract=claim.contract, reason=Contract.CancelReason.EXEMPTION, now=now,
                    acting_user=acting_user, full_refund=True)


def contract_on_refund_paid(sender, *, refund, now, **kwargs):
    """Receiver of refunds.signals.refund_paid: the pilgrim is told the money is back (a
    refund of nothing, nothing having been paid, is closed without a message)."""
    if refund.amount:
        contract_notify(refund.contract, "refund_paid", now=now, amount=refund.amount)


# --- SMS --------------------------------------------------------------------------------


def _next_due_context(contract, amount_key="amount"):
    instalment = contract.instalments.filter(status=Instalment.Status.DUE).first()
    if instalment is None:
        return {amount_key: "0.00", "deadline": ""}
    return {amount_key: instalment.amount,
            "deadline": calendars.lazy_dual_datetime(instalment.due_at)}


def _notify_provider_channel(contract, *, now):
    """The provider's complaints channel by SMS when the contract is made: the channel the
    pilgrim acknowledged (the contract's copy), a mobile number first (it takes calls and
    messages), and the ministry's care centre if the provider does not respond."""
    channels = {channel["kind"]: channel["value"] for channel in contract.acknowledged_channels}
    channel = next((channels[kind] for kind in (ProviderChannel.Kind.MOBILE,
                                                ProviderChannel.Kind.PHONE,
                                                ProviderChannel.Kind.WHATSAPP)
                    if channels.get(kind)), "")
    if not channel:
        return  # published packages have every mandatory channel; an old contract may not
    contract_notify(contract, "provider_channel", now=now, channel=channel,
                    provider=lambda: contract.provider.public_name_in(translation.get_language()),
                    care_centre=care_centre_number())


def _fresh_profile(user_id):
    """The profile as it is in the database now, not a copy loaded earlier with the
    contract (a number changed since must be the one written to)."""
    return PilgrimProfile.objects.filter(user_id=user_id).only(
        "mobile", "preferred_language").first()


def contract_notify(contract, event, *, now, key=None, **context):
    """One SMS per event per contract (the key makes a repeated call harmless), to the
    holder's mobile as their profile has it now: a pilgrim who changed their number gets
    the next message on the new one. `contact_mobile` is the number the contract was booked
    with, kept for the one-live-booking-per-mobile rule and for staff searching by it; it is
    written to only when the holder has no mobile on their profile."""
    profile = _fresh_profile(contract.pilgrim_id)
    to = (profile and str(profile.mobile or "")) or contract.contact_mobile
    if not to:
        return
    language = (profile.preferred_language if profile else None) or "ar"
    package = contract.package
    with translation.override(language):
        context.setdefault("package", package.name_in(language) if package else "")
        context.setdefault("pilgrims", ngettext("%(count)s pilgrim", "%(count)s pilgrims",
                                                contract.clients) % {"count": contract.clients})
        # Callables and lazy texts render in the recipient's language (a rule's description,
        # a date in both calendars).
        context = {name: str(value() if callable(value) else value)
                   for name, value in context.items()}
    context["reference"] = contract.reference
    sms_queue(to=to, message=SMS[event], context=context, language=language,
              idempotency_key=f"packages:contract:{contract.pk}:{key or event}",
              user=contract.pilgrim, about=contract)


# --- Refund rules changed by staff ------------------------------------------------------------

def refund_rule_change_apply(*, rule, previous, acting_user, reason: str,
                             to_signed_contracts: bool = False,
                             now: datetime | None = None) -> None:
    """Save an edited refund rule, in the caller's transaction and audit context
    (portal.rule_changes.rule_change_apply). A signed contract keeps the rules of the day it
    was made (Contract.refund_policy), so only with `to_signed_contracts` (the ministry's
    decision reaches them) is the rule carried into the policy every live contract of its
    season keeps under the rule's code; the holders whose refund today changes are then told
    after the commit, by a task working one contract a transaction."""
    now = now or timezone.now()
    old_rule = policy_rule_snapshot(previous)
    rule.save()
    if not to_signed_contracts:
        return
    # As policy_snapshot reads it (the stored decimal places, every language's text).
    new_rule = policy_rule_snapshot(RefundRule.objects.get(pk=rule.pk))
    for contract in selectors._live_contracts_with_rule(previous).select_for_update(
            of=("self",)):
        if not contract.refund_policy:  # kept before snapshots: the season's own policy
            continue
        contract.refund_policy = policy_with_rule(contract.refund_policy, code=previous.code,
                                                  rule=new_rule)
        contract.save(update_fields=["refund_policy"])
    change_id = rule.events.order_by("-pgh_id").values_list("pgh_id", flat=True).first()
    from . import tasks  # tasks imports this module

    # A lost publish leaves holders untold: the history row keeps the change (its id here)
    # for staff to run the task again; the key makes that harmless.
    transaction.on_commit(lambda: publish(
        tasks.tell_refund_rule_change,
        kwargs={"rule_id": rule.pk, "change_id": change_id, "old_rule": old_rule,
                "reason": reason}))


def refund_rule_change_tell(*, rule_id: int, change_id: int, old_rule: dict, reason: str,
                            now: datetime | None = None) -> int:
    """One SMS per live contract whose refund today changed with the rule's change
    `change_id` (its history row), in the holder's language; the key holds the change, so a
    task run twice tells each holder once. Returns how many were told."""
    now = now or timezone.now()
    today = calendars.local_date(now)
    rule = RefundRule.objects.get(pk=rule_id)
    told = 0
    for contract_id in selectors._live_contracts_with_rule(rule).values_list("pk", flat=True):
        with transaction.atomic():
            contract = (Contract.objects.select_related("pilgrim", "package", "season")
                        .get(pk=contract_id))
            kept = contract.refund_policy or policy_snapshot(contract.season)
            try:
                after = compute_refund(policy=kept, contract_value=contract.value,
                                       clients=contract.clients, cancel_date=today,
                                       permit_state=contract.permit_state)
                before = compute_refund(
                    policy=policy_with_rule(kept, code=rule.code, rule=old_rule),
                    contract_value=contract.value, clients=contract.clients,
                    cancel_date=today, permit_state=contract.permit_state)
            except RefundError:
                continue
            if before.refund == after.refund:
                continue
            contract_notify(contract, "refund_rule_changed", now=now,
                            key=f"refund-rule-change-{change_id}", reason=reason,
                            before=before.refund, after=after.refund)
            told += 1
    return told


# --- Seasons --------------------------------------------------------------------------------

def season_open_next(*, season: Season, acting_user, year: int | None = None) -> Season:
    """Open season `year` (the next one by default) from `season`, in one transaction: the
    season row and every rule row the apps declare per season (portal.season_rules), each
    date moved by its own calendar; the public holidays of the new years are generated.

    The new season is a draft until a ministry administrator publishes it; nothing of
    `season` changes. A season (or a rule of it) that already exists is refused.
    """
    year = season.year + 1 if year is None else year
    if year <= season.year:
        raise PackageError("season_not_later", year=year, source=season.year)
    years = year - season.year
    with transaction.atomic(), acting(acting_user, action="season_open",
                                      season=f"{season.year}->{year}"):
        if Season.objects.filter(year=year).exists():
            raise PackageError("season_exists", year=year)
        taken = [str(apps.get_model(spec.model)._meta.verbose_name_plural)
                 for spec in season_rules.season_rows()
                 if _season_rows(spec, year).exists()]
        if taken:
            raise PackageError("season_rules_exist", year=year, rules=", ".join(taken))
        source = Season.objects.get(year=season.year)
        opened = _copy_row(source, years=years, overrides={"year": year, "is_published": False})
        try:
            with transaction.atomic():
                opened.save(force_insert=True)
        except IntegrityError as exc:  # opened at the same moment by someone else
            raise PackageError("season_exists", year=year) from exc
        for spec in season_rules.season_rows():
            for row in _season_rows(spec, season.year):
                _copy_rule_row(row, spec=spec, year=year, years=years)
        # The new season's deadlines count working days into the year after it too.
        holidays_seed(years=[year, year + 1], acting_user=acting_user)
    return opened


def _season_rows(spec: season_rules.SeasonRows, year: int):
    model = apps.get_model(spec.model)
    column = model._meta.get_field(spec.season_field).attname
    return model._default_manager.filter(**{column: year}, **spec.only).order_by("pk")


def _copy_rule_row(row, *, spec, year, years):
    column = row._meta.get_field(spec.season_field).attname
    copy = _copy_row(row, years=years, overrides={column: year},
                     hijri_anchored=spec.hijri_anchored)
    copy.save(force_insert=True)
    _copy_translations(row, copy)
    for child in spec.children:
        model = apps.get_model(child.model)
        parent = model._meta.get_field(child.parent_field).attname
        for item in model._default_manager.filter(**{parent: row.pk}).order_by("pk"):
            _copy_row(item, years=years, overrides={parent: copy.pk},
                      hijri_anchored=child.hijri_anchored).save(force_insert=True)
    return copy


def _copy_row(row, *, years, overrides, hijri_anchored=()):
    """An unsaved copy of `row` with `overrides`, its dates moved `years` on."""
    values = {}
    for field in row._meta.concrete_fields:
        if field.attname in overrides:
            values[field.attname] = overrides[field.attname]
        elif field.primary_key:
            continue  # a new row, a new key
        else:
            values[field.attname] = _moved(field, getattr(row, field.attname), years,
                                           hijri_anchored)
    return type(row)(**values)


def _moved(field, value, years, hijri_anchored):
    if value is None or value == "":
        return value
    if isinstance(field, HijriDateField):
        return season_rules.hijri_text_years_later(value, years)
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        if field.name in hijri_anchored:
            return season_rules.hijri_anchored_years_later(value, years)
        return season_rules.gregorian_years_later(value, years)
    if isinstance(field, models.DateTimeField):
        return season_rules.gregorian_years_later(value, years)
    return value


def _copy_translations(row, copy):
    for meta in getattr(type(row), "_parler_meta", ()):
        for text in meta.model.objects.filter(master_id=row.pk).order_by("pk"):
            _copy_row(text, years=0, overrides={"master_id": copy.pk}).save(
                force_insert=True)


def season_publish(*, season: Season, acting_user) -> Season:
    """Publish a draft season: pilgrims see it and its packages may be sold. Only a ministry
    administrator decides that a season's rules are ready."""
    if not is_ministry_admin(acting_user):
        raise PackageError("season_publish_forbidden")
    with transaction.atomic(), acting(acting_user, action="season_publish"):
        Season.objects.filter(pk=season.pk).update(is_published=True)
    season.refresh_from_db()
    return season
