"""The monthly report for a national complaints system, as CSV and as a PDF with a chart.

The PDF is drawn like the permit (permits/pdf.py): fpdf2 with the permit's committed Noto
fonts and uharfbuzz shaping, so Arabic headings join and read right to left; the bar chart
is drawn with fpdf2's own rectangles, no plotting library.
"""

import csv
import io
from datetime import date

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from permits.pdf import ARABIC, FONTS, LATIN

# The rows of a report, in order: the key in the figures and its label.
ROWS = [
    ("provider_complaints", gettext_lazy("Complaints about providers")),
    ("portal_complaints", gettext_lazy("Complaints about the portal")),
    ("suggestions", gettext_lazy("Suggestions")),
    ("total", pgettext_lazy("monthly report", "Total")),
]
COLUMNS = [
    ("received", pgettext_lazy("monthly report", "Received")),
    ("referred", gettext_lazy("Referred to the ministry")),
    ("resolved", pgettext_lazy("monthly report", "Resolved")),
    ("within_target", gettext_lazy("Resolved within target")),
    ("average_response_hours", gettext_lazy("Average response time (hours)")),
]
CHART_COLUMNS = ["received", "referred", "resolved", "within_target"]
BAR_COLOURS = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (148, 103, 189)]
MARGIN = 15


def _cell(value) -> str:
    return "" if value is None else str(value)


def report_csv(figures: dict, *, language: str) -> bytes:
    """One row per kind of case and a total, headed in `language`; UTF-8 with a BOM so that
    spreadsheet programs read the Arabic headers."""
    with translation.override(language):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([_("Cases"), *[str(label) for _key, label in COLUMNS]])
        for key, label in ROWS:
            if key in figures["rows"]:
                row = figures["rows"][key]
                writer.writerow([str(label), *[_cell(row[column]) for column, _l in COLUMNS]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_pdf(figures: dict, *, authority_name: str, month: date, language: str) -> bytes:
    with translation.override(language):
        document = _ReportDocument(language)
        document.draw(figures, authority_name=authority_name, month=month)
        return bytes(document.output())


class _ReportDocument(FPDF):
    def __init__(self, language):
        super().__init__(orientation="landscape", unit="mm", format="A4")
        self.rtl = translation.get_language_bidi()
        self.align = "R" if self.rtl else "L"
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_lang(language)
        for family, stem in ((ARABIC, "NotoNaskhArabic"), (LATIN, "NotoSans")):
            self.add_font(family, "", FONTS / f"{stem}-Regular.ttf")
            self.add_font(family, "B", FONTS / f"{stem}-Bold.ttf")
        self.main_family, fallback = (ARABIC, LATIN) if self.rtl else (LATIN, ARABIC)
        self.set_fallback_fonts([fallback])
        self.set_text_shaping(True, direction="rtl" if self.rtl else "ltr", language=language)
        self.set_font(self.main_family, size=10)

    @property
    def width(self):
        return self.w - self.l_margin - self.r_margin

    def draw(self, figures, *, authority_name, month):
        title = _("Monthly complaints report")
        self.set_title(f"{title} {month:%Y-%m}")
        self.set_author(_("Ministry of Hajj and Umrah"))
        self.add_page()
        self.set_font(self.main_family, "B", 16)
        self.cell(self.width, 10, title, align=self.align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(self.main_family, "", 11)
        subtitle = _("%(authority)s, %(month)s") % {"authority": authority_name,
                                                     "month": f"{month:%Y-%m}"}
        self.cell(self.width, 8, subtitle, align=self.align, new_x=XPos.LMARGIN,
                  new_y=YPos.NEXT)
        self.ln(3)
        self._table(figures)
        self.ln(6)
        self._chart(figures)

    def _table(self, figures):
        rows = [(label, figures["rows"][key]) for key, label in ROWS if key in figures["rows"]]
        headings = [_("Cases"), *[str(label) for _key, label in COLUMNS]]
        data = [[str(label), *[_cell(row[column]) for column, _l in COLUMNS]]
                for label, row in rows]
        if self.rtl:  # the first column on the right, as an Arabic table reads
            headings, data = headings[::-1], [line[::-1] for line in data]
        self.set_font(self.main_family, "", 9)
        with self.table(text_align="CENTER", line_height=7) as table:
            table.row(headings)
            for line in data:
                table.row(line)

    def _chart(self, figures):
        """Grouped bars: for each kind of case, received, referred, resolved, on time."""
        rows = [(label, figures["rows"][key]) for key, label in ROWS
                if key in figures["rows"] and key != "total"]
        height, top = 60, self.get_y() + 4
        if top + height + 20 > self.h - MARGIN:
            self.add_page()
            top = self.get_y() + 4
        largest = max([row[column] for _l, row in rows for column in CHART_COLUMNS] + [1])
        group_width = self.width / max(len(rows), 1)
        bar_width = group_width / (len(CHART_COLUMNS) + 2)
        base = top + height
        self.set_draw_color(0, 0, 0)
        self.line(self.l_margin, base, self.l_margin + self.width, base)
        self.set_font(self.main_family, "", 8)
        for index, (label, row) in enumerate(rows):
            slot = len(rows) - 1 - index if self.rtl else index
            left = self.l_margin + slot * group_width + bar_width
            for number, column in enumerate(CHART_COLUMNS):
                value = row[column]
                bar = height * value / largest
                self.set_fill_color(*BAR_COLOURS[number])
                x = left + number * bar_width
                if bar:
                    self.rect(x, base - bar, bar_width * 0.9, bar, style="F")
                self.text(x + 0.5, base - bar - 1, str(value))
            self.set_xy(self.l_margin + slot * group_width, base + 1)
            self.cell(group_width, 6, str(label), align="C")
        self._legend(base + 9)

    def _legend(self, y):
        x = self.l_margin
        for number, column in enumerate(CHART_COLUMNS):
            self.set_fill_color(*BAR_COLOURS[number])
            self.rect(x, y + 1.5, 4, 4, style="F")
            label = str(dict(COLUMNS)[column])
            self.set_xy(x + 5, y)
            self.cell(self.get_string_width(label) + 2, 7, label)
            x += self.get_string_width(label) + 14
