"""The reference numbers pilgrims quote, of every kind, and what each one says about itself.

Each app that hands out references registers its kind here from its AppConfig.ready (this
bottom layer imports no app), so the public inquiry and the SMS keyword reach permits,
contracts, complaints, desk requests and transfer matches alike:

    references.register(ReferenceKind(
        key="complaint", label=_("Complaint"), pattern=re.compile(r"CM(?:[0-9]+|P)-[0-9]{6,}"),
        find=complaint_reference_find))

`find(reference)` (the app's selectors.py) returns a `Reference`, or None when no record has
that number. The formats differ (CM1448-000123, H1448-000123, SD-7KQ2M9XA, RM-2B3C4D5E,
TM-000042), and `reference_find` asks only the kinds whose pattern matches the whole number.
"""

import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.functional import Promise

# Arabic-Indic and Eastern Arabic-Indic digits, as a phone in Arabic or Persian types them.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@dataclass(frozen=True)
class Reference:
    """One record behind a reference number.

    `owners`: the accounts it belongs to (a transfer match has two), whose current mobile,
    identity number and language answer for it; `filed_mobile` and `id_numbers`: what it
    was filed with beyond the account (a desk request keeps its own), the mobile being the
    one that may ask when there is no account; `describe()`: its state and next step (a
    date in Hijri and Gregorian, or "") in the active language.
    """

    kind: "ReferenceKind"
    reference: str
    describe: Callable[[], tuple[str, str]]
    owners: tuple = ()
    filed_mobile: str = ""
    id_numbers: tuple = ()  # of the persons it was filed by or for

    def describe_in(self, language: str) -> "Description":
        with translation.override(language):
            state, next_step = self.describe()
            return Description(kind=str(self.kind.label), reference=self.reference,
                               state=str(state), next_step=str(next_step or ""))


@dataclass(frozen=True)
class Description:
    kind: str
    reference: str
    state: str
    next_step: str


@dataclass(frozen=True)
class ReferenceKind:
    key: str  # "permit", "contract", "complaint", "desk", "transfer_match"
    label: str | Promise  # the kind's name as the pilgrim reads it ("Complaint")
    pattern: re.Pattern
    find: Callable[[str], Reference | None] = field(compare=False)


_kinds: dict[str, ReferenceKind] = {}


def register(kind: ReferenceKind) -> None:
    """Register (or replace, so reloading an app is harmless) the kind called `kind.key`."""
    _kinds[kind.key] = kind


def get(key: str) -> ReferenceKind:
    return _kinds[key]


def all_kinds() -> list[ReferenceKind]:
    return list(_kinds.values())


def plain(text: str) -> str:
    """`text` with compatibility forms folded (NFKC) and Arabic-Indic digits as 0-9."""
    return unicodedata.normalize("NFKC", str(text or "")).translate(_DIGITS)


def normalise(reference: str) -> str:
    """A reference as typed (lower case, Arabic-Indic digits, spaces) as it is stored."""
    return "".join(plain(reference).split()).upper()


def reference_find(reference: str) -> Reference | None:
    """The record behind `reference`, of whichever kind's pattern it has; None if none."""
    reference = normalise(reference)
    for kind in _kinds.values():
        if kind.pattern.fullmatch(reference):
            found = kind.find(reference)
            if found is not None:
                return found
    return None


def _digits(value: str) -> str:
    return "".join(ch for ch in normalise(value) if ch.isdigit())


def same_mobile(a: str, b: str) -> bool:
    """Two mobile numbers are one when their digits are, written locally or internationally:
    05XXXXXXXX and +9665XXXXXXXX (the last eight digits and more must agree)."""
    a, b = _digits(a).lstrip("0"), _digits(b).lstrip("0")
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 8 and longer.endswith(shorter)


def matches_identity_or_phone(found: Reference, secret: str, *, id_numbers=(),
                              mobiles=()) -> bool:
    """The public inquiry's second factor: an identity number the record was filed with, or
    its mobile; `id_numbers` and `mobiles` add its owners' own (their profiles today)."""
    typed = normalise(secret)
    numbers = [str(number).upper() for number in (*found.id_numbers, *id_numbers) if number]
    if typed and any(secrets.compare_digest(typed.encode(), number.encode())
                     for number in numbers):
        return True
    return any(mobile and same_mobile(typed, str(mobile))
               for mobile in (found.filed_mobile, *mobiles))
