"""The six published figures, read from the rollups (never from the raw transactions).

Every figure is a ratio of sums of additive counters, so any range (an hour, a day, a
season) is summed from the daily rollups (whole Riyadh days) and the hourly probe rollups.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection

from .models import HISTOGRAM_SIZE, PROCESSING_BINS
from .rollups import COUNTERS, day_bounds

_SUMS = ", ".join(f"sum({c})" for c in COUNTERS) + ", " + ", ".join(
    f"sum(processing[{i}])" for i in range(1, HISTOGRAM_SIZE + 1))


@dataclass
class Figures:
    started: int = 0
    completed: int = 0
    decided: int = 0
    online: int = 0
    surveys: int = 0
    satisfied: int = 0
    over_target: int = 0
    histogram: list[int] = field(default_factory=lambda: [0] * HISTOGRAM_SIZE)
    up: int = 0
    down: int = 0
    maintenance: int = 0

    @staticmethod
    def _share(part, whole):
        return None if not whole else round(Decimal(100 * part) / whole, 2)

    @property
    def satisfaction(self):
        """Share of survey answers at or above the season policy's satisfied-from rating."""
        return self._share(self.satisfied, self.surveys)

    @property
    def completion(self):
        """Share of decided transactions that completed (pending ones are not counted yet)."""
        return self._share(self.completed, self.decided)

    @property
    def digitisation(self):
        return self._share(self.online, self.started)

    @property
    def availability(self):
        """Share of probes that found the service working; maintenance is excluded."""
        return self._share(self.up, self.up + self.down)

    @property
    def median_seconds(self):
        return percentile(self.histogram, 0.5)

    @property
    def p90_seconds(self):
        return percentile(self.histogram, 0.9)

    def add_counters(self, values):
        for name, value in zip(COUNTERS, values[:len(COUNTERS)], strict=True):
            setattr(self, name, getattr(self, name) + int(value or 0))
        bins = values[len(COUNTERS):]
        self.histogram = [a + int(b or 0) for a, b in zip(self.histogram, bins, strict=True)]


def percentile(histogram: list[int], q: float) -> float | None:
    """The q-quantile of a binned distribution, interpolated inside its bin (the last,
    open-ended bin reports its lower bound)."""
    total = sum(histogram)
    if not total:
        return None
    rank, seen = q * total, 0
    for index, count in enumerate(histogram):
        if count and seen + count >= rank:
            low = PROCESSING_BINS[index - 1] if index else 0
            if index == len(PROCESSING_BINS):
                return float(low)
            return low + (PROCESSING_BINS[index] - low) * (rank - seen) / count
        seen += count
    return float(PROCESSING_BINS[-1])


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def figures_by(*, key: str, first_day: date, last_day: date, where: str = "",
               params: list | None = None) -> dict:
    """Figures per `key` (service_id, provider_id or day) over Riyadh days first..last."""
    rows = _rows(
        f"SELECT {key}, {_SUMS} FROM sla_dailyrollup WHERE day >= %s AND day <= %s {where} "
        f"GROUP BY {key}", [first_day, last_day, *(params or [])])
    result = {}
    for row in rows:
        result.setdefault(row[0], Figures()).add_counters(row[1:])
    return result


def availability_by(*, key: str, first_day: date, last_day: date, where: str = "",
                    params: list | None = None) -> dict:
    """(up, down, maintenance) probe counts per `key` (service_id or day)."""
    start, end = day_bounds(first_day, last_day)
    column = "(hour AT TIME ZONE 'Asia/Riyadh')::date" if key == "day" else key
    rows = _rows(
        f"SELECT {column}, sum(up), sum(down), sum(maintenance) FROM sla_proberollup "
        f"WHERE hour >= %s AND hour < %s {where} GROUP BY 1", [start, end, *(params or [])])
    return {row[0]: tuple(int(v) for v in row[1:]) for row in rows}


def figures_by_service(*, first_day: date, last_day: date) -> dict[int, Figures]:
    figures = figures_by(key="service_id", first_day=first_day, last_day=last_day)
    probes = availability_by(key="service_id", first_day=first_day, last_day=last_day)
    for service_id, (up, down, maintenance) in probes.items():
        item = figures.setdefault(service_id, Figures())
        item.up, item.down, item.maintenance = up, down, maintenance
    return figures


def figures_by_provider(*, first_day: date, last_day: date) -> dict[int, Figures]:
    return figures_by(key="provider_id", first_day=first_day, last_day=last_day,
                      where="AND provider_id IS NOT NULL")


def trend(*, first_day: date, last_day: date, service_id: int | None = None):
    """[(day, Figures)] for every day of the range, days without data included."""
    where, params = ("AND service_id = %s", [service_id]) if service_id else ("", [])
    figures = figures_by(key="day", first_day=first_day, last_day=last_day, where=where,
                         params=params)
    probes = availability_by(key="day", first_day=first_day, last_day=last_day, where=where,
                             params=params)
    series = []
    day = first_day
    while day <= last_day:
        item = figures.get(day, Figures())
        item.up, item.down, item.maintenance = probes.get(day, (0, 0, 0))
        series.append((day, item))
        day += timedelta(days=1)
    return series
