"""The staff dashboard of what is due today, on the admin's index page.

Each app that has deadlines registers a panel once (in its admin module); the panel reads
its app's selector for the signed-in member of staff, so the scope is the app's own (a
provider's staff never count another provider's complaints):

    due_today_register(key="complaints", order=10, panel=lambda user, now: DuePanel(...))

A panel returns None when the member of staff has nothing to do with that app.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from .calendars import RIYADH


@dataclass(frozen=True)
class DueCount:
    label: str
    count: int
    url: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class DueItem:
    label: str
    url: str
    what: str
    due_at: datetime
    overdue: bool
    state: str = ""


@dataclass(frozen=True)
class DuePanel:
    title: str
    counts: list[DueCount]
    items: list[DueItem] = field(default_factory=list)
    list_url: str = ""


_panels: dict[str, tuple[int, Callable]] = {}


def due_today_register(*, key: str, panel: Callable, order: int = 100) -> None:
    """Register (or replace) the panel called `key`: panel(user, now) -> DuePanel | None."""
    _panels[key] = (order, panel)


def end_of_today(now: datetime) -> datetime:
    """The next Makkah midnight: what falls before it is due today (or overdue)."""
    local = timezone.localtime(now, RIYADH)
    return local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)


def due_today_panels(*, user, now: datetime | None = None) -> list[DuePanel]:
    now = now or timezone.now()
    found = []
    for _order, panel in sorted(_panels.values(), key=lambda entry: entry[0]):
        shown = panel(user, now)
        if shown is not None:
            found.append(shown)
    return found
