"""Demo complaints for `make run` (idempotent): the demo pilgrims hold paid contracts of the
demo season (packages.demo.demo_season) with the demo provider company (the one
accounts.demo's provider staff work for), and their complaints stand in several states,
each reached through the real services with a clock set in the recent past, so the
timeline, SMS and claims are what production would hold.

A complaint is found again by its pilgrim and text (its natural key here); one that exists
is left as it is, even if the beat has moved it on since.
"""

import datetime
from datetime import timedelta

from django.utils import timezone

from accounts.demo import DEMO_PROVIDER_LICENCE
from accounts.models import User
from packages import demo as packages_demo
from packages import services as package_services
from packages.models import Contract, Package, Provider

from . import services
from .models import Complaint

PROVIDER_NAMES = ("Al-Safwa Hajj Services (demo)", "شركة الصفوة لخدمات الحجاج",
                  "Al-Safwa Hajj Services")
AHMAD, FATIMAH = "pilgrim@demo.hajj.example", "pilgrim.female@demo.hajj.example"
PROVIDER_STAFF, MONITOR = "provider@demo.hajj.example", "monitor@demo.hajj.example"
IDENTITY_EXPIRES_ON = datetime.date(2031, 1, 1)

# (pilgrim, item, failure, what happened, filed minutes ago,
#  [(action, minutes ago, text)]) -- actions are applied in order, through the services.
COMPLAINTS = [
    (AHMAD, "other_meal", "contrary", "Dinner on the 11th was cold and short of the menu.",
     4320, [("resolve", 4260, "A fresh hot dinner was served to the group at 22:40."),
            ("confirm", 4200, "")]),
    (AHMAD, "makkah_housing", "late",
     "We waited four hours in the hotel lobby on arrival and were not housed.",
     2880, [("escalate", 2700, "Nobody from the company answered."),
            ("review", 1500, ""),
            ("uphold", 1200, "The hotel log confirms the group was housed after 6 hours.")]),
    (AHMAD, "arafat_lunch", "late", "Lunch in Arafat was served at 16:30, after the window.",
     1440, [("resolve", 1380, "The caterer was replaced for the remaining days.")]),
    (AHMAD, "tent_components", "not_delivered", "Our tent has no mattresses or blankets.",
     360, [("request_info", 350, "Which camp and tent number are you in?")]),
    (AHMAD, "camp_services", "contrary",
     "The air conditioning in our Mina tent has not worked since the morning.",
     30, [("acknowledge", 20, "")]),
    (FATIMAH, "mashair_buses", "late",
     "The bus from Arafat to Muzdalifah came two and a half hours late.",
     240, [("resolve", 60, "Two extra buses now run on the route.")]),
    (FATIMAH, "camp_services", "contrary", "The women's washrooms in camp 12 are closed.",
     10, []),
]


def demo_load(*, now=None):
    now = now or timezone.now()
    season = packages_demo.demo_season(now=now)
    package = _demo_package(season, now=now)
    contracts = {email: _contract(email, package, now - timedelta(days=4))
                 for email in (AHMAD, FATIMAH)}
    for email, item, failure, text, filed, steps in COMPLAINTS:
        _complaint(contracts[email], item, failure, text, now - timedelta(minutes=filed),
                   [(action, now - timedelta(minutes=ago), note)
                    for action, ago, note in steps])


def _demo_package(season, *, now) -> Package:
    """The Mina tents package of the provider company the demo provider staff work for."""
    legal, arabic, english = PROVIDER_NAMES
    provider = Provider.objects.filter(licence_number=DEMO_PROVIDER_LICENCE).first()
    legal = provider.name if provider else legal
    provider = packages_demo._provider(DEMO_PROVIDER_LICENCE, legal, arabic, english)
    category, price, name_en, name_ar, distance = packages_demo.CATEGORIES[1]
    packages_demo._package(provider, category, price, name_en, name_ar, distance, "riyadh",
                           season=season, now=now)
    return Package.objects.get(provider=provider, season=season, category=category)


def _contract(email, package, ordered_at) -> Contract:
    """The pilgrim's contract of the demo season, ordered and paid a few days ago (once)."""
    pilgrim = User.objects.get(email=email)
    contract = Contract.objects.filter(pilgrim=pilgrim, season=package.season).first()
    if contract is not None:
        return contract
    contract = package_services.contract_order(
        acting_user=pilgrim, package=package,
        holder={"identity_expires_on": IDENTITY_EXPIRES_ON},
        companions=[], acknowledged_channels=True, payment_plan=Contract.PaymentPlan.FULL,
        now=ordered_at)
    _pay_at_the_counter(contract, ordered_at)
    return contract


def _pay_at_the_counter(contract, paid_at):
    """The demo has no card gateway running: record the payment the way a successful
    charge does (the same two steps contract_pay takes around the gateway call)."""
    attempt = package_services._attempt_start(contract.pk, paid_at)
    package_services._attempt_succeed(attempt.pk, reference=f"DEMO-{contract.pk}", now=paid_at)


def _complaint(contract, item, failure, text, filed_at, steps) -> Complaint:
    existing = Complaint.objects.filter(pilgrim=contract.pilgrim, description=text).first()
    if existing is not None:
        return existing
    complaint = services.complaint_file(
        acting_user=contract.pilgrim, contract=contract, item=item, failure=failure,
        description=text, occurred_at=filed_at - timedelta(minutes=20), now=filed_at)
    for action, at, note in steps:
        complaint = ACTIONS[action](complaint, at, note)
    return complaint


def _staff(email):
    return User.objects.get(email=email)


ACTIONS = {
    "acknowledge": lambda c, at, note: services.complaint_acknowledge(
        complaint=c, acting_user=_staff(PROVIDER_STAFF), now=at),
    "request_info": lambda c, at, note: services.complaint_request_info(
        complaint=c, acting_user=_staff(PROVIDER_STAFF), question=note, now=at),
    "resolve": lambda c, at, note: services.complaint_resolve(
        complaint=c, acting_user=_staff(PROVIDER_STAFF), note=note, now=at),
    "confirm": lambda c, at, note: services.complaint_confirm(
        complaint=c, acting_user=c.pilgrim, now=at),
    "escalate": lambda c, at, note: services.complaint_escalate(
        complaint=c, acting_user=c.pilgrim, reason=note, now=at),
    "review": lambda c, at, note: services.complaint_review_start(
        complaint=c, acting_user=_staff(MONITOR), now=at),
    "uphold": lambda c, at, note: services.complaint_decide(
        complaint=c, acting_user=_staff(MONITOR), upheld=True, reason=note, now=at),
}
