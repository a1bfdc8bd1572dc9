"""Demo figures for the dashboards: 30 days of transactions of every e-service (a few per
hour, in the published proportions where it matters), survey answers, a day of probes with
an announced-maintenance half hour, then the rollups rebuilt. Idempotent: rows carry
DEMO-SLA references and natural keys, and the rollups are recomputed buckets."""

import random
from datetime import timedelta

from django.utils import timezone

from portal.models import EService

from .models import Probe, ProbeStatus, Survey, provider_model
from .models import Transaction as SlaTransaction
from .rollups import riyadh_day
from .services import rollup_rebuild

DAYS = 30
PER_DAY = {"umrah": 40, "rawdah_men": 40, "rawdah_women": 35, "hajj_package": 12,
           "new_request_abroad": 6, "inquiry": 6, "hajj": 3, "mashair_vehicle": 2,
           "new_request": 2, "hajj_cancel": 1, "suggestion": 1}


def demo_load(*, now=None):
    now = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    rng = random.Random(1448)  # the same demo every time
    services = {s.code: s for s in EService.objects.filter(code__in=PER_DAY)}
    providers = list(provider_model().objects.filter(is_active=True).order_by("pk")[:3])
    rows = []
    for code, per_day in PER_DAY.items():
        if code in services:
            rows += _transactions(services[code], per_day, providers, now, rng)
    SlaTransaction.objects.bulk_create(rows, ignore_conflicts=True)
    _surveys(rng)
    _probes(list(services.values()), now)
    rollup_rebuild(first_day=riyadh_day(now - timedelta(days=DAYS)), last_day=riyadh_day(now))


def _transactions(service, per_day, providers, now, rng):
    target = float(service.completion_percent) / 100
    online = float(service.digitisation_percent) / 100
    for number in range(per_day * DAYS):
        started = now - timedelta(days=DAYS) + timedelta(minutes=rng.randrange(DAYS * 1440))
        outcome = "completed" if rng.random() < target + 0.03 else rng.choice(
            ["abandoned", "sold_out", "failed"] if service.code != "hajj" else ["refused"])
        took = (timedelta(hours=rng.uniform(2, 90)) if service.code == "hajj"
                else timedelta(seconds=rng.uniform(2, 70)))
        pending = service.code == "hajj" and started + took > now
        yield SlaTransaction(
            service=service, started_at=started, reference=f"DEMO-SLA-{service.code}-{number}",
            channel="online" if rng.random() < online else rng.choice(["counter", "phone"]),
            outcome="pending" if pending else outcome,
            completed_at=None if pending else started + took,
            provider=(providers[number % len(providers)]
                      if service.code == "hajj_package" and providers else None),
        )


def _surveys(rng):
    completed = SlaTransaction.objects.filter(reference__startswith="DEMO-SLA-",
                                              outcome="completed", survey__isnull=True)
    answers = [Survey(transaction=tx, answered_at=tx.completed_at + timedelta(minutes=3),
                      rating=rng.choice([5, 5, 5, 4, 4, 4, 3, 2]), via="page")
               for tx in completed.order_by("pk") if tx.pk % 4 == 0]
    Survey.objects.bulk_create(answers, ignore_conflicts=True)


def _probes(services, now):
    minutes = [now - timedelta(minutes=m) for m in range(1, 24 * 60)]
    maintenance = {now - timedelta(hours=5, minutes=m) for m in range(30)}
    outage = {now - timedelta(hours=9, minutes=m) for m in range(4)}
    Probe.objects.bulk_create([
        Probe(service=service, minute=minute, database_ok=True, redis_ok=True,
              worker_ok=minute not in outage,
              status=(ProbeStatus.MAINTENANCE if minute in maintenance
                      else ProbeStatus.DOWN if minute in outage else ProbeStatus.UP))
        for service in services for minute in minutes
    ], ignore_conflicts=True)
