"""Links between cases of any registered kinds: "related to", and merges ("duplicate of").

A merge closes the duplicate through its owning app (the kind's `close_as_duplicate`, which
tells its pilgrim the survivor's reference) in the transaction that records the link; both
cases' rows are locked in one order first, so two merges of the same pair racing in opposite
directions cannot both pass their checks.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit import acting
from portal.errors import DomainError

from . import kinds
from .models import CaseLink

Relation = CaseLink.Relation


class CaseLinkError(DomainError):
    """A link or merge refused, shown to the staff member in their language."""

    messages = {
        "merge_self": (400, _("A case cannot be merged into itself.")),
        "merge_kinds": (400, _("Only cases of the same kind can be merged.")),
        "merge_pilgrims": (400, _("Only cases of the same pilgrim can be merged.")),
        "survivor_closed": (400, _("Case %(reference)s is closed: merge into an open case.")),
        "survivor_merged": (400, _("Case %(reference)s was itself merged into another case: "
                                   "merge into that one.")),
        "already_merged": (400, _("Case %(reference)s is already merged into another case.")),
        "duplicate_closed": (400, _("Case %(reference)s is closed already.")),
        "link_self": (400, _("A case cannot be linked to itself.")),
        "already_linked": (400, _("These two cases are linked already.")),
        "not_found": (404, _("No case of this kind has the reference %(reference)s.")),
    }


def _key(case) -> tuple[str, int]:
    return kinds.of(case).key, case.pk


def _merged(case) -> bool:
    key, pk = _key(case)
    return CaseLink.objects.filter(source_kind=key, source_id=pk,
                                   relation=Relation.DUPLICATE).exists()


def _lock(*cases):
    """Both cases' rows, locked in primary-key order (they are of one kind), reloaded."""
    model = kinds.of(cases[0]).model
    rows = {row.pk: row for row in model._base_manager.select_for_update(of=("self",))
            .filter(pk__in=sorted(case.pk for case in cases)).order_by("pk")}
    return [rows[case.pk] for case in cases]


def _check_merge(duplicate, survivor) -> None:
    kind = kinds.of(duplicate)
    if kind.key != kinds.of(survivor).key:
        raise CaseLinkError("merge_kinds")
    if duplicate.pk == survivor.pk:
        raise CaseLinkError("merge_self")
    if kind.pilgrim(duplicate).pk != kind.pilgrim(survivor).pk:
        raise CaseLinkError("merge_pilgrims")
    if _merged(duplicate):
        raise CaseLinkError("already_merged", reference=kind.reference(duplicate))
    if kind.is_closed(duplicate):
        raise CaseLinkError("duplicate_closed", reference=kind.reference(duplicate))
    if _merged(survivor):
        raise CaseLinkError("survivor_merged", reference=kind.reference(survivor))
    if kind.is_closed(survivor):
        raise CaseLinkError("survivor_closed", reference=kind.reference(survivor))


def case_merge_check(*, duplicate, survivor) -> None:
    """The merge's refusal, if any, before asking staff to confirm it (read only)."""
    _check_merge(duplicate, survivor)


@transaction.atomic
def case_merge(*, duplicate, survivor, acting_user, now: datetime | None = None) -> CaseLink:
    """Merge `duplicate` into `survivor` (same pilgrim, same kind, the survivor open and not
    merged itself): the link, and the duplicate closed by its owning app."""
    _check_merge(duplicate, survivor)  # a clear refusal before any lock is taken
    duplicate, survivor = _lock(duplicate, survivor)
    _check_merge(duplicate, survivor)
    key = kinds.of(duplicate).key
    with acting(acting_user, why="merge"):
        link = CaseLink.objects.create(
            source_kind=key, source_id=duplicate.pk, target_kind=key, target_id=survivor.pk,
            relation=Relation.DUPLICATE, created_by=acting_user,
            created_at=now or timezone.now())
        kinds.of(duplicate).close_as_duplicate(duplicate, survivor=survivor,
                                               acting_user=acting_user)
    return link


def _linked(case, other) -> bool:
    (kind, pk), (other_kind, other_pk) = _key(case), _key(other)
    return CaseLink.objects.filter(
        Q(source_kind=kind, source_id=pk, target_kind=other_kind, target_id=other_pk)
        | Q(source_kind=other_kind, source_id=other_pk, target_kind=kind, target_id=pk)).exists()


@transaction.atomic
def case_link(*, case, other, acting_user, now: datetime | None = None) -> CaseLink:
    """Record that two cases, of any kinds, are related (shown on both cases' pages)."""
    if _key(case) == _key(other):
        raise CaseLinkError("link_self")
    if _linked(case, other):
        raise CaseLinkError("already_linked")
    (kind, pk), (other_kind, other_pk) = _key(case), _key(other)
    try:
        with transaction.atomic(), acting(acting_user, why="link"):
            return CaseLink.objects.create(
                source_kind=kind, source_id=pk, target_kind=other_kind, target_id=other_pk,
                relation=Relation.RELATED, created_by=acting_user,
                created_at=now or timezone.now())
    except IntegrityError as error:  # the same link recorded by someone else meanwhile
        raise CaseLinkError("already_linked") from error


# --- Reads ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkShown:
    """One link as a case's page shows it: the wording from this case's side, the other."""

    wording: str
    kind: kinds.CaseKind
    other: object
    link: CaseLink


WORDING = {
    (Relation.DUPLICATE, True): _("Duplicate of"),
    (Relation.DUPLICATE, False): _("Merged into this case"),
    (Relation.RELATED, True): _("Related to"),
    (Relation.RELATED, False): _("Related to"),
}


def case_links_for(case) -> list[LinkShown]:
    """Every link of the case, either way, with the other case loaded (one query a kind)."""
    key, pk = _key(case)
    links = list(CaseLink.objects.filter(Q(source_kind=key, source_id=pk)
                                         | Q(target_kind=key, target_id=pk)))
    wanted: dict[str, set[int]] = {}
    for link in links:
        outgoing = (link.source_kind, link.source_id) == (key, pk)
        other = (link.target_kind, link.target_id) if outgoing else (link.source_kind,
                                                                     link.source_id)
        wanted.setdefault(other[0], set()).add(other[1])
    loaded = {(kind_key, row.pk): row for kind_key, ids in wanted.items()
              for row in kinds.get(kind_key).model._base_manager.filter(pk__in=ids)}
    shown = []
    for link in links:
        outgoing = (link.source_kind, link.source_id) == (key, pk)
        other = (link.target_kind, link.target_id) if outgoing else (link.source_kind,
                                                                     link.source_id)
        if other in loaded:
            shown.append(LinkShown(wording=WORDING[(link.relation, outgoing)],
                                   kind=kinds.get(other[0]), other=loaded[other], link=link))
    return shown


def case_find(*, kind_key: str, reference: str, queryset=None):
    """The case of that kind with that reference, within `queryset` (a staff member's scope,
    the kind's admin queryset) when given."""
    try:
        kind = kinds.get(kind_key)
    except KeyError:
        raise CaseLinkError("not_found", reference=reference) from None
    rows = queryset if queryset is not None else kind.model._base_manager.all()
    case = rows.filter(**{kind.reference_field: reference.strip()}).first()
    if case is None:
        raise CaseLinkError("not_found", reference=reference)
    return case
