"""A case's rating is kept once even when its link is posted twice at the same instant (two
real processes against PostgreSQL): one answer is stored, the other told it was answered."""

from datetime import datetime, timedelta

import pytest

from portal.calendars import RIYADH
from servicedesk import services as desk_services
from sla.errors import SlaError
from sla.models import Survey
from sla.models import Transaction as SlaTransaction
from sla.services import survey_answer
from tests.factories.accounts import PilgrimFactory
from tests.factories.servicedesk import desk_request_file, desk_seed, expert_create

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=RIYADH)


def answer(transaction_id, rating):
    try:
        survey_answer(transaction_id=transaction_id, rating=rating, via="sms")
    except SlaError as error:
        return error.code
    return "stored"


@pytest.mark.django_db(transaction=True)
def test_two_ratings_of_one_case_at_once_keep_one():
    from tests.racing import race

    desk_seed()
    request = desk_request_file(user=PilgrimFactory(), now=NOW)
    desk_services.desk_request_resolve(request=request, acting_user=expert_create(
        team=request.team), note="Done.", now=NOW + timedelta(hours=1))
    transaction = SlaTransaction.objects.get(reference=request.reference)

    outcomes = race(answer, [(transaction.pk, 5), (transaction.pk, 1)])

    assert sorted(outcomes) == ["stored", "survey_answered"]
    assert Survey.objects.filter(transaction=transaction).count() == 1
