"""Which version of each text is in force, and whether a user has accepted the terms in force."""

from datetime import datetime

from .models import LegalDocument, TermsAcceptance


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


def terms_to_accept(*, user, now: datetime) -> LegalDocument | None:
    """The terms in force when the user has not accepted that version (None otherwise)."""
    terms = terms_in_force(now=now)
    if terms is None or not user.is_authenticated:
        return None
    if TermsAcceptance.objects.filter(user=user, document=terms).exists():
        return None
    return terms
