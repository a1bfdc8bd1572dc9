"""A date typed in either calendar: many Saudis know their date of birth in Hijri.

The date is stored as its Gregorian day (one copy, so nothing drifts); the Hijri text is only a
way of entering it, converted through portal.calendars (Umm al-Qura) by portal.hijri.parse_hijri,
whose errors are translated and name the month's real length.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.hijri import parse_hijri

GREGORIAN = "gregorian"
HIJRI = "hijri"
CALENDAR_CHOICES = ((GREGORIAN, _("Gregorian")), (HIJRI, _("Hijri")))

# "1400-05-12 هـ" / "1400-05-12 AH": the suffix says Hijri whatever calendar is chosen.
_HIJRI_SUFFIX = re.compile(r"\s*(هـ|ه|AH|A\.H\.)\s*$", re.IGNORECASE)
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def parse_date_in_calendar(text: str, calendar: str = GREGORIAN) -> date:
    """The Gregorian day of "YYYY-MM-DD" read in the given calendar (or its suffix's)."""
    text = (text or "").strip().translate(_ARABIC_DIGITS)
    if _HIJRI_SUFFIX.search(text):
        text, calendar = _HIJRI_SUFFIX.sub("", text), HIJRI
    if calendar == HIJRI:
        return parse_hijri(text).to_date()
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError(_("Enter a date as YYYY-MM-DD, e.g. 1990-05-01."),
                              code="invalid") from exc


def validate_birth_date(value: date) -> None:
    if value > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="future")
