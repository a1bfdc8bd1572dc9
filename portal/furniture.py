"""The page furniture every full page shows (the maintenance banner, the care centre's
number in the footer), read from the database once per change and language, not per request.

Five queries on every page were a third of the home page's database work. The rows change a
few times a season, by staff in the admin: a save or delete of a window, a channel or their
translations bumps the "furniture" version (portal/versions.py, connected in
PortalConfig.ready), and the cached copy is keyed by that version and the language, so the
next page reads afresh in every process at once. The copy also expires after
FURNITURE_CACHE_SECONDS, for the writes no signal sees (bulk inserts, an edit made while
Redis was down). Redis down: the cache answers misses (hajjportal/cache.py) and each page
reads the database as before.

What is cached is plain data, not model instances: whether a window is in progress, or over,
depends on the clock and is decided per request from the stored times.
"""

import hashlib
import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .selectors import care_centre_get, maintenance_announced
from .versions import ProcessCopies, version

NAME = "furniture"
# The banner shows the two soonest windows; a few more are kept so that one ending during
# the copy's life leaves the next one to show.
WINDOWS_KEPT = 6


@dataclass(frozen=True)
class Notice:
    message: str
    starts_at: datetime
    ends_at: datetime
    in_progress: bool = False

    @property
    def key(self) -> str:
        """What a dismissal remembers: a window moved or reworded is a new notice, shown
        again (the message is the reader's language's, so another language shows it again)."""
        text = f"{self.starts_at.isoformat()}|{self.ends_at.isoformat()}|{self.message}"
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Channel:
    label: str
    value: str
    href: str


def _read(now: datetime) -> dict:
    windows = [Notice(message=window.safe_translation_getter("message", any_language=True) or "",
                      starts_at=window.starts_at, ends_at=window.ends_at)
               for window in maintenance_announced(now=now)[:WINDOWS_KEPT]]
    centre = care_centre_get()
    return {"windows": windows,
            "care_centre": centre and Channel(label=centre.label or "", value=centre.value,
                                              href=centre.href)}


# The copy read from Redis is kept in the process too, until the Redis copy expires.
_kept = ProcessCopies()


def page_furniture(*, language: str, now: datetime | None = None) -> dict:
    """{"maintenance_notices": [Notice, at most two], "care_centre": Channel or None}."""
    now = now or timezone.now()
    current = version(NAME)
    key = f"portal:furniture:{current}:{language}"
    stored = _kept.get(key) if current is not None else None
    if stored is None:
        stored = cache.get(key) if current is not None else None
        if stored is None or "until" not in stored:  # or a copy made before it said until when
            stored = {**_read(now), "until": time.time() + settings.FURNITURE_CACHE_SECONDS}
            if current is not None:
                cache.set(key, stored, timeout=settings.FURNITURE_CACHE_SECONDS)
        if current is not None:
            _kept.put(key, stored, until=stored["until"])
    notices = [Notice(message=w.message, starts_at=w.starts_at, ends_at=w.ends_at,
                      in_progress=w.starts_at <= now)
               for w in stored["windows"] if w.ends_at > now][:2]
    return {"maintenance_notices": notices, "care_centre": stored["care_centre"]}


# The banner can be hidden for the rest of a visit: the session remembers the notices
# dismissed (a few: only two show at a time), never the windows themselves.
DISMISSED = "maintenance_dismissed"
DISMISSED_KEPT = 10


def notices_shown(notices: list[Notice], session) -> list[Notice]:
    # The session is read only when there is a notice: reading it makes the page vary by
    # cookie, which every page without a banner need not.
    if not notices:
        return notices
    dismissed = set(session.get(DISMISSED, ())) if session is not None else set()
    return [notice for notice in notices if notice.key not in dismissed]


def notices_dismiss(session, keys: list[str]) -> None:
    kept = [key for key in session.get(DISMISSED, []) if key not in keys]
    session[DISMISSED] = (kept + [key[:16] for key in keys])[-DISMISSED_KEPT:]
