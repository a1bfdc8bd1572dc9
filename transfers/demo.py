"""Demo priority-transfer queue (idempotent): two providers accredited as agents, the demo
pilgrim holding a Hajj registration he offers, and the other demo pilgrim asking for one in
another province, so both wait in line (matching stays within a province)."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.demo import DEMO_PROVIDER_LICENCE
from accounts.models import User
from packages.models import Provider
from portal.calendars import RIYADH

from . import services
from .models import AccreditedAgent, Offer, Province, Registration, TransferRequest

AGENTS = [(DEMO_PROVIDER_LICENCE, "riyadh"), ("LIC-DEMO-002", "makkah")]
# (holder, due year, priority number, province, deposit)
REGISTRATIONS = [("pilgrim@demo.hajj.example", 1448, 2041, "makkah", Decimal("5000.00"))]
OFFERS = [("pilgrim@demo.hajj.example", 1448, 2041, Decimal("5000.00"), 3)]
REQUESTS = [("pilgrim.female@demo.hajj.example", "riyadh", 2)]  # (applicant, province, days)
REGISTERED_AT = datetime(2022, 3, 1, 9, 0, tzinfo=RIYADH)


def demo_load(*, now=None):
    now = now or timezone.now()
    for licence, province in AGENTS:
        provider = Provider.objects.filter(licence_number=licence).first()
        if provider is not None:
            AccreditedAgent.objects.get_or_create(
                provider=provider, defaults={"province": Province.objects.get(code=province)})
    for email, year, number, province, deposit in REGISTRATIONS:
        Registration.objects.get_or_create(due_year=year, priority_number=number, defaults={
            "holder": User.objects.get(email=email), "deposit": deposit,
            "province": Province.objects.get(code=province), "registered_at": REGISTERED_AT})
    for email, year, number, price, days in OFFERS:
        user = User.objects.get(email=email)
        if not Offer.objects.filter(user=user).exists():
            services.offer_create(
                acting_user=user, price=price, now=now - timedelta(days=days),
                registration=Registration.objects.get(due_year=year, priority_number=number))
    for email, province, days in REQUESTS:
        user = User.objects.get(email=email)
        if not TransferRequest.objects.filter(user=user).exists():
            services.request_create(acting_user=user, province=Province.objects.get(code=province),
                                    now=now - timedelta(days=days))
