"""Hajj registrations and accredited agents.

    RegistrationFactory(holder=pilgrim, due_year=1448, province=Province.objects.get(code=...))
    RegistrationFactory(due_year=due_this_year())   due in the wall clock's Hijri year, for
                                                  matching on the real clock
    agent_create(province=...)  -> (AccreditedAgent, one of its staff)
"""

from datetime import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from accounts import roles
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from transfers.models import AccreditedAgent, Province, Registration


def province_get(code):
    """The seeded province (created again after a transactional test flushed the seed)."""
    return Province.objects.get_or_create(code=code)[0]


def due_this_year() -> int:
    """The Hijri year of the real clock's day: an offer to a stranger is matched only for a
    priority due this year, and matching without `now` reads the wall clock."""
    from portal.calendars import hijri_today

    return hijri_today().year


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    holder = factory.SubFactory(PilgrimFactory)
    due_year = 1448
    priority_number = factory.Sequence(lambda n: 1000 + n)
    province = factory.LazyFunction(lambda: province_get("riyadh"))
    deposit = Decimal("5000.00")
    registered_at = factory.LazyFunction(
        lambda: datetime(2020, 1, 1, tzinfo=timezone.get_fixed_timezone(180)))


def agent_create(*, province=None):
    staff = StaffUserFactory(role=roles.PROVIDER_STAFF)
    provider = roles.provider_for_staff(staff)
    agent = AccreditedAgent.objects.create(
        provider=provider, province=province or province_get("riyadh"))
    return agent, staff
