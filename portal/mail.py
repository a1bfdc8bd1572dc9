"""What every e-mail of the portal shares: the sender, the links, the layout.

Pilgrims' notices (notifications), allauth's mails (accounts.adapter) and staff notices
(accounts.staff_mail) all come from "<SITE_NAME> <DEFAULT_FROM_EMAIL>", link to SITE_URL
(never to a request's Host header, which a client chooses), and render in the reader's
language through templates/email/base.txt and base.html.
"""

import re
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .context_processors import language_direction

ADDRESS_SPECIALS = re.compile(r'[()<>\[\]:;@\\,."]')


def site_name() -> str:
    """The portal's name in the active language."""
    return str(settings.SITE_NAME)


def from_email() -> str:
    """DEFAULT_FROM_EMAIL with the portal's name in the active language; an address that
    carries a name of its own keeps it (the operator chose it)."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if name:
        return settings.DEFAULT_FROM_EMAIL
    # Unencoded (Django encodes a non-ASCII name for the wire); quoted if it has specials.
    name = site_name().replace("\\", "").replace('"', "")
    if ADDRESS_SPECIALS.search(name):
        name = f'"{name}"'
    return f"{name} <{address}>"


def site_url(path: str = "/") -> str:
    """An absolute link on the portal: SITE_URL and the path (with its query) of `path`,
    which may be a path or a URL built from a request (whose host is dropped)."""
    bits = urlsplit(path)
    return settings.SITE_URL.rstrip("/") + (bits.path or "/") + (
        f"?{bits.query}" if bits.query else "")


class PortalSite:
    """What allauth's templates read from a Site (`current_site.name`, `.domain`): the
    portal's name and SITE_URL's host, whatever Host header the request came with."""

    @property
    def name(self) -> str:
        return site_name()

    @property
    def domain(self) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def __str__(self):
        return self.name


def layout_context(language: str) -> dict:
    """What templates/email/base.* need besides the message's own context."""
    return {
        "email_language": language,
        "email_direction": language_direction(language),
        "site_name": site_name(),
        "site_url": site_url("/"),
        "current_site": PortalSite(),
    }


def render_email(template: str, context: dict, *, language: str) -> tuple[str, str]:
    """The text and the HTML body of `template` (.txt and .html) in `language`."""
    with translation.override(language):
        context = {**layout_context(language), **context}
        return (
            render_to_string(f"{template}.txt", context).strip() + "\n",
            render_to_string(f"{template}.html", context),
        )
