"""Which version of each text is in force, and whether a user has accepted the terms in force."""

from datetime import datetime

from django.conf import settings
from django.core.cache import cache

from portal.versions import version as cache_version

from .models import LegalDocument, TermsAcceptance

TERMS_VERSIONS = "legal-terms"  # bumped on every change of a text (LegalConfig.ready)


def document_in_force(*, kind: str, now: datetime) -> LegalDocument | None:
    """The published version of `kind` with the latest publication already reached."""
    return (LegalDocument.objects.filter(kind=kind, published_at__lte=now)
            .prefetch_related("translations").order_by("-published_at", "-version").first())


def terms_in_force(*, now: datetime) -> LegalDocument | None:
    return document_in_force(kind=LegalDocument.Kind.TERMS, now=now)


def documents_in_force(*, now: datetime) -> list[LegalDocument]:
    """One per kind, in the order of the kinds (for the footer's and the index's links)."""
    found = (document_in_force(kind=kind, now=now) for kind in LegalDocument.Kind.values)
    return [document for document in found if document is not None]


def acceptance_latest(*, user) -> TermsAcceptance | None:
    return (TermsAcceptance.objects.filter(user=user).select_related("document")
            .order_by("-accepted_at").first())


def terms_published() -> list[tuple[datetime, int]]:
    """(published_at, version) of every published version of the terms, newest first, kept
    in the cache per change: every signed-in page asks which version is in force."""
    current = cache_version(TERMS_VERSIONS)
    key = f"legal:terms:{current}"
    stored = cache.get(key) if current is not None else None
    if stored is None:
        stored = list(LegalDocument.objects.filter(kind=LegalDocument.Kind.TERMS,
                                                   published_at__isnull=False)
                      .order_by("-published_at", "-version")
                      .values_list("published_at", "version"))
        if current is not None:
            cache.set(key, stored, timeout=settings.FURNITURE_CACHE_SECONDS)
    return stored


def terms_version_in_force(*, now: datetime) -> int | None:
    return next((number for published_at, number in terms_published() if published_at <= now),
                None)


def _accepted_key(user_id: int, number: int) -> str:
    return f"legal:terms-accepted:{user_id}:{number}"


def terms_to_accept(*, user, now: datetime) -> int | None:
    """The version of the terms in force when the signed-in user has not accepted it (None
    otherwise). The answer is kept in the cache per user and version (an acceptance sets it
    when it commits), so pages between two changes cost no query for this."""
    number = terms_version_in_force(now=now)
    if number is None or not user.is_authenticated:
        return None
    key = _accepted_key(user.pk, number)
    accepted = cache.get(key)
    if accepted is None:
        accepted = TermsAcceptance.objects.filter(
            user=user, document__kind=LegalDocument.Kind.TERMS,
            document__version=number).exists()
        cache.set(key, accepted, timeout=settings.FURNITURE_CACHE_SECONDS)
    return None if accepted else number


def terms_acceptance_of(*, user, document: LegalDocument) -> TermsAcceptance | None:
    """The user's acceptance of this version of the terms, if they accepted it."""
    return TermsAcceptance.objects.filter(user=user, document=document).first()


def _ever_key(user_id: int) -> str:
    return f"legal:terms-ever-accepted:{user_id}"


def terms_ever_accepted(*, user) -> bool:
    """Whether the user accepted any version of the terms: the banner then says a new version
    came since, and otherwise that the terms are theirs to accept for the first time (read
    only when the banner shows, and kept in the cache as terms_to_accept's answer is: the
    banner shows on every page until the person accepts)."""
    key = _ever_key(user.pk)
    accepted = cache.get(key)
    if accepted is None:
        accepted = TermsAcceptance.objects.filter(
            user=user, document__kind=LegalDocument.Kind.TERMS).exists()
        cache.set(key, accepted, timeout=settings.FURNITURE_CACHE_SECONDS)
    return accepted


def terms_accepted_forget(*, user_id: int, version: int) -> None:
    cache.delete_many([_accepted_key(user_id, version), _ever_key(user_id)])
