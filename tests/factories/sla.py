"""SLA rows. Services come from the seeded catalogue (portal migration 0002), by code.

    TransactionFactory(service_code="umrah", outcome="completed")
    TransactionFactory(outcome="pending")                       # decided later
    SurveyFactory(transaction=tx, rating=5)
"""

from datetime import timedelta

import factory
from django.utils import timezone

from portal.models import EService
from sla.models import Survey, Transaction


class TransactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transaction
        exclude = ["service_code", "duration"]

    service_code = "umrah"
    service = factory.LazyAttribute(lambda o: EService.objects.get(code=o.service_code))
    channel = "online"
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=5))
    duration = timedelta(seconds=20)
    outcome = "completed"
    completed_at = factory.LazyAttribute(
        lambda o: None if o.outcome == "pending" else o.started_at + o.duration)


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    transaction = factory.SubFactory(TransactionFactory)
    rating = 5
    answered_at = factory.LazyAttribute(lambda o: o.transaction.completed_at)
