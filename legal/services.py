"""Recording that a user accepted a version of the terms."""

from datetime import datetime

from django.db import transaction

from .errors import LegalError
from .models import TermsAcceptance
from .selectors import terms_accepted_forget, terms_in_force


@transaction.atomic
def terms_accept(*, acting_user, version: int | None, now: datetime,
                 via: str) -> TermsAcceptance | None:
    """Record that `acting_user` accepted the terms in force. `version` is the one the person
    read (None: the form showed the version in force at the same moment); accepting another
    than the version in force is refused, so nobody is recorded as accepting a text they did
    not see. Accepting twice keeps the first time. None when no terms are published."""
    terms = terms_in_force(now=now)
    if terms is None:
        return None
    if version is not None and version != terms.version:
        raise LegalError("terms_changed")
    return _record(acting_user, terms, now=now, via=via)[0]


@transaction.atomic
def terms_accept_version(*, acting_user, version: int, now: datetime,
                         via: str) -> tuple[TermsAcceptance, bool]:
    """The app's acceptance: `version` is the one the person read, always named. A version
    other than the one in force (read before a newer was published, or made up) is refused
    and nothing is recorded. Accepting the same version again records nothing new: the first
    acceptance is returned, with False (True when this call recorded it)."""
    terms = terms_in_force(now=now)
    if terms is None:
        raise LegalError("no_terms")
    if version != terms.version:
        raise LegalError("terms_version_stale", sent=version, current=terms.version)
    return _record(acting_user, terms, now=now, via=via)


def _record(acting_user, terms, *, now, via) -> tuple[TermsAcceptance, bool]:
    acceptance, created = TermsAcceptance.objects.get_or_create(
        user=acting_user, document=terms, defaults={"accepted_at": now, "via": via})
    # The banner's cached "not accepted" goes now and again at the commit (a page read in
    # between could have cached it again before the row was visible).
    def forget():
        terms_accepted_forget(user_id=acting_user.pk, version=terms.version)

    forget()
    transaction.on_commit(forget)
    return acceptance, created

