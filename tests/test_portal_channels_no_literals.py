"""The ministry's contact channels (the care centre's 920002814, 1966, its e-mail and web
form) live in one place, the SupportChannel rows seeded by portal migration 0007 from
portal/channels.py: no template, message catalogue, PDF layout or message text in the code
carries them, so a change staff make in the admin reaches every page and message."""

import re
from pathlib import Path

from portal.channels import CHANNELS

ROOT = Path(__file__).resolve().parent.parent
# The one seed, and the migration that applies it (whose docstring names what it seeds).
THE_SEED = {ROOT / "portal" / "channels.py",
            ROOT / "portal" / "migrations" / "0007_seed_support_channels.py"}
SOURCES = ("templates", "locale", "static", "accounts", "portal", "notifications", "consent",
           "permits", "packages", "complaints", "compensation", "refunds", "ledger", "sla",
           "servicedesk", "transfers", "centres", "legal", "hajjportal", "devtools")
SUFFIXES = {".html", ".txt", ".po", ".py", ".js", ".xml", ".svg"}


def literals():
    """Each seeded value, and the bare numbers inside the phone values."""
    found = set()
    for _kind, value, *_rest in CHANNELS:
        found.add(value)
        found.update(re.findall(r"\d{4,}", value))
    found.add(re.sub(r"^https?://(www\.)?", "", CHANNELS[-1][1]).split("/")[0])  # the domain
    return found


def carriers():
    for folder in SOURCES:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in SUFFIXES and path.is_file() and path not in THE_SEED:
                yield path


def test_the_literals_cover_every_published_channel():
    assert {"920002814", "1966", "care@haj.gov.sa", "haj.gov.sa"} <= literals()


def test_no_template_catalogue_or_message_carries_a_channels_literal():
    pattern = re.compile("|".join(rf"(?<![\w.@-]){re.escape(v)}(?![\w-])"
                                  for v in sorted(literals(), key=len, reverse=True)))
    offenders = []
    for path in carriers():
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            offenders.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)}")
    assert offenders == []
