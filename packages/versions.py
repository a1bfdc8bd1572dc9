"""Writes of package versions: an approved package stays as the ministry approved it.

A provider's change is a draft copied from the version on sale (`package_change_propose`),
edited by the provider's staff while it is a draft (`package_version_save`), submitted, then
approved or rejected with a reason by the ministry. Until an approval the approved version
stays on sale untouched. An approval supersedes the previous version, copies the new one
onto the package (whose own fields are, from the first approval on, only that copy: the
admin shows them read-only), and, when it changes how the service is delivered, tells every
holder of a live contract by SMS and on their contract page. A change that lowers a service
level gives each of them the right to cancel with a full refund until the end of the
season's `lowered_service_cancel_days`-th day (contract_cancel honours it). Contracts keep
the version, price and terms they were bought at: a price change applies to new sales only.

Every write is one transaction with keyword-only arguments, a clock (`now=`) and the acting
user; the versions are tracked by pghistory, and `proposed_by`/`decided_by`/`decided_at`
name who did what.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import lazy

from portal import calendars

from . import selectors
from .errors import PackageError
from .models import (
    Contract,
    ContractVersionChange,
    Package,
    PackageVersion,
    ServiceLevel,
    VersionServiceLevel,
)

FIELDS = PackageVersion.SALE_FIELDS + PackageVersion.DELIVERY_FIELDS


def _texts(source) -> dict[str, dict]:
    """{language: {field: text}} of a package's or a version's translations."""
    return {text.language_code: {name: getattr(text, name) for name in PackageVersion.TEXTS}
            for text in source._parler_meta.root_model.objects.filter(master_id=source.pk)}


def _write_texts(target, texts: dict[str, dict]) -> None:
    model = target._parler_meta.root_model
    model.objects.filter(master_id=target.pk).exclude(language_code__in=texts).delete()
    for language, values in texts.items():
        model.objects.update_or_create(master_id=target.pk, language_code=language,
                                       defaults=values)


def _rows(source) -> list[dict]:
    return [{name: getattr(row, name) for name in ServiceLevel.COLUMNS}
            for row in source.service_levels.order_by("position", "pk")]


def _next_number(package: Package) -> int:
    return (package.versions.aggregate(n=Max("number"))["n"] or 0) + 1


def _version_create(*, package, source, status, acting_user, now) -> PackageVersion:
    """A new version of `package` with the fields, texts and table of `source` (the package
    itself, or one of its versions)."""
    version = PackageVersion.objects.create(
        package=package, number=_next_number(package), status=status,
        proposed_by=acting_user, created_at=now,
        **{name: getattr(source, name) for name in FIELDS})
    _write_texts(version, _texts(source))
    VersionServiceLevel.objects.bulk_create(
        VersionServiceLevel(version=version, **row) for row in _rows(source))
    return version


def _locked_version(version: PackageVersion) -> PackageVersion:
    return PackageVersion.objects.select_for_update().get(pk=version.pk)


# --- The first approval -----------------------------------------------------------------


def package_version_first(*, package: Package, acting_user, now: datetime) -> PackageVersion:
    """The package as the ministry approves it for the first time, as its approved version
    (called by package_approve inside its transaction, the package row locked)."""
    version = _version_create(package=package, source=package,
                              status=PackageVersion.Status.APPROVED, acting_user=None, now=now)
    version.decided_by = acting_user
    version.decided_at = now
    version.save(update_fields=["decided_by", "decided_at"])
    Package.objects.filter(pk=package.pk).update(current_version=version)
    package.current_version = version
    return version


@transaction.atomic
def package_save_unapproved(*, package: Package, acting_user) -> Package:
    """The provider edits a package the ministry never approved; an approved one is refused
    (its change is a new version)."""
    if package.pk and Package.objects.select_for_update().filter(
            pk=package.pk, current_version__isnull=False).exists():
        raise PackageError("package_frozen")
    package.save()
    return package


# --- A provider's change ----------------------------------------------------------------


@transaction.atomic
def package_change_propose(*, package: Package, acting_user,
                           now: datetime | None = None) -> PackageVersion:
    """A draft copied from the version on sale, for the provider's staff to edit."""
    now = now or timezone.now()
    package = Package.objects.select_for_update().get(pk=package.pk)
    if package.current_version_id is None:
        raise PackageError("package_not_approved")
    if package.versions.filter(status__in=PackageVersion.OPEN).exists():
        raise PackageError("change_open")
    return _version_create(package=package, source=package.current_version,
                           status=PackageVersion.Status.DRAFT, acting_user=acting_user,
                           now=now)


def package_version_check_editable(*, version: PackageVersion) -> PackageVersion:
    """The stored version, locked, if it is still a draft; anything else is refused."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("package_version_check_editable runs inside a transaction")
    stored = _locked_version(version)
    if stored.status != PackageVersion.Status.DRAFT:
        raise PackageError("version_frozen", status=stored.get_status_display())
    return stored


@transaction.atomic
def package_version_save(*, version: PackageVersion, acting_user) -> PackageVersion:
    """Save the provider's edit of a draft. Only the content is theirs: the status, the
    decision and the package it belongs to are kept as stored."""
    stored = package_version_check_editable(version=version)
    for name in ("package_id", "number", "status", "reason", "lowers_service", "proposed_by_id",
                 "decided_by_id", "decided_at", "created_at"):
        setattr(version, name, getattr(stored, name))
    version.save()
    return version


@transaction.atomic
def package_version_submit(*, version: PackageVersion, acting_user,
                           now: datetime | None = None) -> PackageVersion:
    """The provider asks the ministry to approve the draft; its table needs the required
    services, as a package's does to be published."""
    version = package_version_check_editable(version=version)
    services = set(version.service_levels.values_list("service", flat=True))
    missing = [ServiceLevel.Service(s).label for s in ServiceLevel.REQUIRED
               if s not in services]
    if missing:
        raise PackageError("missing_services", services=_join(missing))
    version.status = PackageVersion.Status.SUBMITTED
    version.save(update_fields=["status"])
    return version


# --- The ministry's decision ------------------------------------------------------------


@transaction.atomic
def package_version_reject(*, version: PackageVersion, acting_user, reason: str,
                           now: datetime | None = None) -> PackageVersion:
    """Refuse a submitted change with the reason the provider reads; the approved version
    stays on sale."""
    version = _locked_version(version)
    if version.status != PackageVersion.Status.SUBMITTED:
        raise PackageError("version_not_submitted")
    if not (reason or "").strip():
        raise PackageError("reason_required")
    version.status = PackageVersion.Status.REJECTED
    version.reason = reason.strip()
    version.decided_by = acting_user
    version.decided_at = now or timezone.now()
    version.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    return version


@transaction.atomic
def package_version_approve(*, version: PackageVersion, acting_user,
                            lowers_service: bool = False,
                            now: datetime | None = None) -> PackageVersion:
    """Put a submitted change on sale and tell the holders what it changes for them.

    `lowers_service`: the ministry's judgement that a service level is lower (a reworded
    row, say); the code adds the lowerings it can see by itself (selectors.version_difference).
    """
    now = now or timezone.now()
    version = _locked_version(version)
    if version.status != PackageVersion.Status.SUBMITTED:
        raise PackageError("version_not_submitted")
    package = (Package.objects.select_for_update().select_related("season")
               .get(pk=version.package_id))
    if version.places_total < package.places_sold:
        raise PackageError("places_below_sold", sold=package.places_sold)
    previous = _locked_version(package.current_version)
    difference = selectors.version_difference(old=previous, new=version)
    previous.status = PackageVersion.Status.SUPERSEDED
    previous.save(update_fields=["status"])
    version.status = PackageVersion.Status.APPROVED
    version.lowers_service = lowers_service or difference.lowers
    version.decided_by = acting_user
    version.decided_at = now
    version.save(update_fields=["status", "lowers_service", "decided_by", "decided_at"])
    _put_on_sale(package, version)
    if difference.changes_delivery or version.lowers_service:
        _tell_holders(package, previous, version, difference, now)
    return version


def _put_on_sale(package: Package, version: PackageVersion) -> None:
    for name in FIELDS:
        setattr(package, name, getattr(version, name))
    package.current_version = version
    package.save(update_fields=[*FIELDS, "current_version"])
    _write_texts(package, _texts(version))
    package.service_levels.all().delete()
    ServiceLevel.objects.bulk_create(ServiceLevel(package=package, **row)
                                     for row in _rows(version))


def _tell_holders(package, previous, version, difference, now) -> None:
    """One notice and one SMS per live contract (queued in this transaction: an approval
    that rolls back tells nobody)."""
    from .services import contract_notify  # services imports this module's callers

    until = None
    if version.lowers_service:
        last_day = calendars.to_hijri(now + timedelta(
            days=package.season.lowered_service_cancel_days))
        until = calendars.end_of_hijri_day(last_day.year, last_day.month, last_day.day)
    live = (Contract.objects.filter(package=package)
            .exclude(status__in=[Contract.Status.CANCELLED, Contract.Status.COMPLETED])
            .select_related("pilgrim__profile", "package"))
    labels = difference.labels or [PackageVersion._meta.get_field("lowers_service")
                                   .verbose_name]
    for contract in live:
        ContractVersionChange.objects.create(
            contract=contract, from_version=previous, to_version=version,
            lowers_service=version.lowers_service, full_refund_until=until, created_at=now)
        context = {"changes": lambda: _join_now(labels)}
        if until is not None:
            context["until"] = lambda: calendars.format_dual_datetime(until)
        contract_notify(contract, "version_lowered" if until else "version_changed", now=now,
                        key=f"version-{version.pk}", **context)


def _join_now(labels) -> str:
    return ", ".join(str(label) for label in labels)


_join = lazy(_join_now, str)
