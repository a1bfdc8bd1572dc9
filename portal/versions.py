"""Version keys for cached copies of data staff edit: `version(name)` is part of every key a
copy is stored under, and a write bumps it, so that every process reads afresh at once.

    bump_on_change("packages", Package, Provider)   # in an AppConfig.ready
    {% load fragments %}{% fragment_version "packages" as fragment %}
    {% cache fragment.seconds "package-row" fragment.version ... %}

The bump happens at the write and again when its transaction commits (a page read between
the two could have stored the old rows under the first new version). The versions live in
the cache itself: Redis down gives None, which keys nothing, and each page computes what it
shows; an edit made while Redis was down shows once the copies expire.
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

# Within a request (read_once, entered by portal.middleware.VersionsMiddleware) the versions
# are read together, once: a page reads up to four (the furniture, its fragments', the SLA
# figures', the terms'), one Redis round trip each before. The page is then as of the
# request's start, as it would be had it been served a few milliseconds earlier; a bump made
# by the request itself forgets its copy, so a page rendered after a write shows it.
_read_in_request: ContextVar[dict | None] = ContextVar("portal_versions", default=None)
# Every name this process has read or registered: what the first read of a request asks for.
_names: set[str] = set()


def _key(name: str) -> str:
    return f"portal:version:{name}"


@contextmanager
def read_once():
    token = _read_in_request.set({})
    try:
        yield
    finally:
        _read_in_request.reset(token)


def version(name: str) -> int | None:
    """The current version of `name`; None when Redis cannot say (then cache nothing)."""
    read = _read_in_request.get()
    if read is None:
        return _version(name)
    if read.get(name) is None:
        _names.add(name)
        names = [other for other in _names if read.get(other) is None]
        found = cache.get_many([_key(other) for other in names])
        read.update({other: found.get(_key(other)) for other in names})
        if read[name] is None:  # never set yet (or Redis down)
            read[name] = _version(name)
    return read[name]


def _version(name: str) -> int | None:
    current = cache.get(_key(name))
    if current is None:
        cache.add(_key(name), time.time_ns(), timeout=None)
        current = cache.get(_key(name))
    return current


def _bump(name: str) -> None:
    read = _read_in_request.get()
    if read is not None:
        read.pop(name, None)
    try:
        cache.incr(_key(name))
    except ValueError:  # no version yet (or Redis down): any new value will do
        cache.set(_key(name), time.time_ns(), timeout=None)


def bump(name: str) -> None:
    """Every cached copy of `name` is stale from now on, and again at the commit."""
    _bump(name)
    transaction.on_commit(lambda: _bump(name))


def bump_on_change(name: str, *models) -> None:
    """Bump `name` on every save and delete of these models and of their parler translations."""
    _names.add(name)
    for model in models:
        senders = [model]
        parler = getattr(model, "_parler_meta", None)
        if parler is not None:
            senders.append(parler.root_model)
        for sender in senders:
            for signal_name, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(lambda name=name, **_kwargs: bump(name), sender=sender,
                               weak=False,
                               dispatch_uid=f"versions.{name}.{signal_name}.{sender._meta.label}")


class ProcessCopies:
    """What a process keeps of copies stored under a version (the key holds it): a copy read
    from Redis is used again without a round trip until the time stored with it, when the
    Redis copy expires too (the expiry is what shows the writes no signal sees), or until a
    bump changes the key. At most `size` copies; past that they start over."""

    def __init__(self, size: int = 64):
        self.size = size
        self._copies: dict = {}

    def get(self, key):
        kept = self._copies.get(key)
        if kept is None or kept[0] <= time.time():
            return None
        return kept[1]

    def put(self, key, value, *, until: float | None) -> None:
        if until is None:
            return
        if len(self._copies) >= self.size:
            self._copies.clear()  # atomic between threads, where evicting one would not be
        self._copies[key] = (until, value)
