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

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save


def _key(name: str) -> str:
    return f"portal:version:{name}"


def version(name: str) -> int | None:
    """The current version of `name`; None when Redis cannot say (then cache nothing)."""
    current = cache.get(_key(name))
    if current is None:
        cache.add(_key(name), time.time_ns(), timeout=None)
        current = cache.get(_key(name))
    return current


def _bump(name: str) -> None:
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
