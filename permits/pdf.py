"""The permit as a PDF file, in the pilgrim's language.

fpdf2 draws it; uharfbuzz shapes the text, so Arabic, Persian and Urdu come out with joined
letters, right to left, and the bidi algorithm keeps permit numbers, times and Latin names
inside them in their own order. The fonts are committed under permits/fonts/ (SIL Open Font
License, OFL.txt beside them) so that a fresh `pip install` is all a machine needs.
"""

from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from accounts.masking import mask_identity_number
from portal import calendars

from . import services
from .models import BookingPerson, Permit

FONTS = Path(__file__).resolve().parent / "fonts"
ARABIC, LATIN = "NotoNaskhArabic", "NotoSans"

MARGIN = 18  # mm, on A4
QR_SIZE = 46
LABEL_WIDTH = 48
BODY_SIZE = 11


def permit_pdf(permit: Permit, language: str) -> bytes:
    """The printable permit of `permit`, every label and date in `language`."""
    with translation.override(language):
        document = _PermitDocument(language)
        document.draw(permit)
        return bytes(document.output())


def _is_rtl(language: str) -> bool:
    try:
        return translation.get_language_info(language)["bidi"]
    except KeyError:
        return False


class _PermitDocument(FPDF):
    def __init__(self, language):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.language = language
        self.rtl = _is_rtl(language)
        self.align = "R" if self.rtl else "L"
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN)
        self.set_lang(language)
        for family, stem in ((ARABIC, "NotoNaskhArabic"), (LATIN, "NotoSans")):
            self.add_font(family, "", FONTS / f"{stem}-Regular.ttf")
            self.add_font(family, "B", FONTS / f"{stem}-Bold.ttf")
        # The script of the language leads; the other font draws whatever the first lacks
        # (an Arabic companion's name on an English permit, Latin letters on an Arabic one).
        self.main_family, fallback = (ARABIC, LATIN) if self.rtl else (LATIN, ARABIC)
        self.set_fallback_fonts([fallback])
        self.set_text_shaping(True, direction="rtl" if self.rtl else "ltr", language=language)
        self.set_font(self.main_family, size=BODY_SIZE)

    @property
    def width(self):
        return self.w - self.l_margin - self.r_margin

    def draw(self, permit: Permit):
        booking = permit.booking
        service = booking.service.safe_translation_getter(
            "name", language_code=self.language, any_language=True) or booking.service.code
        self.set_title(f"{gettext('Permit')} {permit.number}")
        self.set_author(gettext("Ministry of Hajj and Umrah"))
        self.add_page()
        self._header()
        self._heading(permit, service)
        for label, value in self._rows(permit, booking):
            self._row(label, value)
        self._footer_note(permit)

    def _header(self):
        self.set_font(self.main_family, "B", 16)
        self.multi_cell(self.width, 8, gettext("Ministry of Hajj and Umrah"), align=self.align,
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(self.main_family, "", BODY_SIZE)
        self.multi_cell(self.width, 6, gettext("Pilgrim e-services portal"), align=self.align,
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)
        self.set_draw_color(20, 110, 80)
        self.set_line_width(0.6)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(5)

    def _heading(self, permit, service):
        """The service and the number beside the QR code, which sits on the side the text ends."""
        top = self.get_y()
        qr_x = self.l_margin if self.rtl else self.w - self.r_margin - QR_SIZE
        self.image(_qr_png(permit), x=qr_x, y=top, w=QR_SIZE, h=QR_SIZE)
        text_width = self.width - QR_SIZE - 6
        text_x = self.w - self.r_margin - text_width if self.rtl else self.l_margin
        self.set_xy(text_x, top)
        self.set_font(self.main_family, "B", 18)
        self.multi_cell(text_width, 9, service, align=self.align,
                        new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.ln(2)
        self.set_font(self.main_family, "", BODY_SIZE)
        self.multi_cell(text_width, 6, gettext("Permit number"), align=self.align,
                        new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.set_font(LATIN, "B", 20)
        self.multi_cell(text_width, 10, _ltr(permit.number), align=self.align,
                        new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.set_font(self.main_family, "", BODY_SIZE)
        self.set_y(max(self.get_y(), top + QR_SIZE) + 6)

    def _rows(self, permit, booking):
        # From the table, not booking.persons: a booking just created carries a stand-in
        # prefetch of its persons that a further filter would not see.
        persons = list(BookingPerson.objects.filter(booking=booking).select_related("person")
                       .order_by("pk"))
        holder = next((bp.person for bp in persons if bp.role == BookingPerson.Role.BOOKER),
                      None)
        profile = getattr(booking.user, "profile", None)
        holder_name = holder.full_name if holder else getattr(profile, "full_name", "")
        holder_id = holder.id_number if holder else getattr(profile, "id_number", "")
        companions = [bp for bp in persons if bp.role == BookingPerson.Role.COMPANION]
        start, end = services.permit_validity(booking=booking)

        rows = [(gettext("Status"), permit.get_status_display())]
        if holder_name:
            rows.append((gettext("Permit holder"), holder_name))
        if holder_id:
            rows.append((gettext("Identity number"), _ltr(mask_identity_number(holder_id))))
        if companions:
            rows.append((gettext("Companions"), "\n".join(
                f"{_isolate(bp.display_name)} ({_ltr(mask_identity_number(bp.person.id_number))})"
                for bp in companions)))
        if booking.slot_id:
            rows.append((gettext("Slot"), calendars.format_dual_datetime(booking.slot.starts_at)))
        rows += [(gettext("Valid from"), calendars.format_dual_datetime(start)),
                 (gettext("Valid until"), calendars.format_dual_datetime(end)),
                 (gettext("Issued"), calendars.format_dual(permit.issued_at))]
        if booking.plate_number:
            rows.append((gettext("Plate number"), _ltr(booking.plate_number)))
        if booking.driver_name:
            driver = _isolate(booking.driver_name)
            if booking.driver_id_number:
                driver += f" ({_ltr(mask_identity_number(booking.driver_id_number))})"
            rows.append((gettext("Driver"), driver))
        return rows

    def _row(self, label, value):
        top = self.get_y()
        value_width = self.width - LABEL_WIDTH
        label_x = self.w - self.r_margin - LABEL_WIDTH if self.rtl else self.l_margin
        value_x = self.l_margin if self.rtl else self.l_margin + LABEL_WIDTH
        self.set_xy(label_x, top)
        self.set_font(self.main_family, "B", BODY_SIZE)
        self.multi_cell(LABEL_WIDTH, 7, label, align=self.align,
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        label_bottom = self.get_y()
        self.set_xy(value_x, top)
        self.set_font(self.main_family, "", BODY_SIZE)
        self.multi_cell(value_width, 7, value, align=self.align,
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        bottom = max(label_bottom, self.get_y()) + 1
        self.set_draw_color(215, 215, 215)
        self.set_line_width(0.2)
        self.line(self.l_margin, bottom, self.w - self.r_margin, bottom)
        self.set_y(bottom + 1.5)

    def _footer_note(self, permit):
        self.ln(4)
        self.set_font(self.main_family, "", 9.5)
        self.set_text_color(70, 70, 70)
        url = settings.SITE_URL + reverse("permits_api:public-key")
        self.multi_cell(self.width, 5.5, gettext(
            "The QR code is signed by the portal: anyone can verify it offline with the "
            "portal's public key, published at %(url)s.") % {"url": url},
            align=self.align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)
        # The signed code itself, for a gate whose scanner cannot read a damaged print.
        self.set_font(LATIN, "", 7)
        self.set_text_shaping(True, direction="ltr")
        self.multi_cell(self.width, 3.5, services.permit_code(permit=permit), align="L",
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_shaping(True, direction="rtl" if self.rtl else "ltr",
                              language=self.language)
        self.set_text_color(0, 0, 0)


def _ltr(text: str) -> str:
    """Masked numbers and codes read left to right even inside Arabic: without the marks the
    bidi algorithm would show '10******78' as '78******10' on a right-to-left page."""
    return f"\u200e{text}\u200e"


def _isolate(name: str) -> str:
    """A name followed by its masked number in brackets: a Latin name in an Arabic permit
    (or an Arabic one in English) is laid out on its own (first-strong isolate ... pop,
    which fpdf2's bidi algorithm honours and the shaper does not draw), so the brackets and
    the number stay on the name's right side of the page's reading order."""
    return f"\u2068{name}\u2069"


def _qr_png(permit: Permit) -> BytesIO:
    # The stored drawing (permits.PermitQR), drawn on the first download only.
    return BytesIO(services.permit_qr_png(permit=permit))
