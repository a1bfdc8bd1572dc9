"""The staff dashboard of what is due today, on the admin's index page.

Each app that has deadlines registers a panel once (in its admin module); the panel reads
its app's selector for the signed-in member of staff, so the scope is the app's own (a
provider's staff never count another provider's complaints):

    due_today_register(key="complaints", order=10, panel=lambda user, now: DuePanel(...))

A panel returns None when the member of staff has nothing to do with that app.

Each count links to the admin list of exactly the rows it counted: a `DueListing` names the
counts (key -> label) and the selector that finds them (`rows(queryset, which=key)`); the
panel's links (`listing.counts(...)`) and the list's filter (`listing.list_filter()`, in the
ModelAdmin's `list_filter`) both come from it, so the count and the list cannot differ.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
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
    detail: str = ""  # e.g. how long overdue, after the deadline


@dataclass(frozen=True)
class DuePanel:
    title: str
    counts: list[DueCount]
    items: list[DueItem] = field(default_factory=list)
    list_url: str = ""


@dataclass(frozen=True)
class DueListing:
    """The counts of one panel and the admin list behind each.

    `rows(queryset, which=None)` narrows the ModelAdmin's own (scoped) queryset to the rows
    of the count `which` (a key of `labels`), or to all the panel's rows when None; the
    panel's selector counts with the same definitions.
    """

    title: Any
    labels: dict[str, Any]
    rows: Callable
    all_key: str
    all_label: Any
    parameter: str = "due"
    overdue: tuple[str, ...] = ()

    def url(self, listing: str, key: str | None = None) -> str:
        return f"{listing}?{urlencode({self.parameter: key or self.all_key})}"

    def counts(self, counted: dict, listing: str) -> list[DueCount]:
        return [DueCount(label, counted[key], self.url(listing, key), key in self.overdue)
                for key, label in self.labels.items()]

    def list_filter(self) -> type[admin.SimpleListFilter]:
        listing = self

        class DueFilter(admin.SimpleListFilter):
            title = listing.title
            parameter_name = listing.parameter

            def lookups(self, request, model_admin):
                return [(listing.all_key, listing.all_label), *listing.labels.items()]

            def queryset(self, request, queryset):
                value = self.value()
                if value == listing.all_key:
                    return listing.rows(queryset)
                if value in listing.labels:
                    return listing.rows(queryset, which=value)
                return queryset

        return DueFilter


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
