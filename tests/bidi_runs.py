"""Which runs of a page are isolated: html.parser walks the page and, for every date, time,
reference or phone number found in its text, notes whether the nearest isolating element
around it (a <bdi>, or an element with a dir attribute, which the portal's CSS and the
browser isolate) holds that run and nothing else."""

import re
from html.parser import HTMLParser

from django.utils import formats, translation

from portal import calendars

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
UNSHOWN = {"head", "script", "style", "template"}
ISOLATING_CLASSES = {"dual-date", "token", "amount"}


def date_patterns(language):
    """Regular expressions of a Hijri and a Gregorian date, and a time of day, as the
    language writes them."""
    from datetime import date

    with translation.override(language):
        hijri_months = [calendars.hijri_month_name(month) for month in range(1, 13)]
        gregorian_months = [formats.date_format(date(2026, month, 1), "F")
                            for month in range(1, 13)]
        hijri = calendars.format_hijri(date(2026, 11, 21))  # the shape: day, month, year, era
    era = hijri.rsplit(" ", 1)[-1]
    hijri_names = "|".join(map(re.escape, hijri_months))
    gregorian_names = "|".join(map(re.escape, gregorian_months))
    hijri_re = rf"\d{{1,2}} (?:{hijri_names}) \d{{4}} {re.escape(era)}"
    gregorian_re = rf"\d{{1,2}} (?:{gregorian_names}) \d{{4}}"
    return [re.compile(hijri_re), re.compile(gregorian_re),
            re.compile(r"(?<![\d:])\d{2}:\d{2}(?![\d:])")]


def _normal(text):
    return " ".join(text.split())


class _Runs(HTMLParser):
    def __init__(self, patterns):
        super().__init__(convert_charrefs=True)
        self.patterns = patterns
        self.stack = []  # [tag, isolating, texts, runs found directly under it]
        self.unshown = 0
        self.loose = []  # runs whose nearest isolating element holds more than the run

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = dict(attrs)
        isolating = (tag == "bdi" or "dir" in attrs
                     or bool(ISOLATING_CLASSES & set((attrs.get("class") or "").split())))
        self.stack.append([tag, isolating, [], []])
        if tag in UNSHOWN:
            self.unshown += 1

    def handle_endtag(self, tag):
        if tag in VOID or not any(entry[0] == tag for entry in self.stack):
            return
        while self.stack:
            entry = self.stack.pop()
            closing_tag, isolating, texts, runs = entry
            if closing_tag in UNSHOWN:
                self.unshown -= 1
            whole = _normal("".join(texts))
            if isolating:
                self.loose += [run for run in runs if run != whole]
            elif self.stack:
                self.stack[-1][3] += runs  # the runs belong to the nearest isolating ancestor
            else:
                self.loose += runs
            if self.stack:
                self.stack[-1][2].append("".join(texts))
            if closing_tag == tag:
                return

    def handle_data(self, data):
        if self.unshown or not self.stack:
            return
        top = self.stack[-1]
        top[2].append(data)
        for pattern in self.patterns:
            top[3] += [_normal(match.group()) for match in pattern.finditer(data)]


def runs_not_isolated(html, *, language, values=()):
    """The dates, times and `values` (references, phone numbers) of the page that are not
    alone in an isolating element; and how many such runs the page holds in all."""
    patterns = date_patterns(language) + [re.compile(re.escape(str(value))) for value in values]
    parser = _Runs(patterns)
    counter = _Counter(patterns)
    parser.feed(html)
    parser.close()
    counter.feed(html)
    counter.close()
    return parser.loose, counter.count


class _Counter(HTMLParser):
    def __init__(self, patterns):
        super().__init__(convert_charrefs=True)
        self.patterns = patterns
        self.count = 0
        self.unshown = 0

    def handle_starttag(self, tag, attrs):
        self.unshown += tag in UNSHOWN

    def handle_endtag(self, tag):
        self.unshown -= tag in UNSHOWN

    def handle_data(self, data):
        if not self.unshown:
            self.count += sum(len(pattern.findall(data)) for pattern in self.patterns)
