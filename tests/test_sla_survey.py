"""After a completed transaction the pilgrim is offered a one-question survey, on the page and
by SMS link, and can answer it once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sla.models import Survey
from sla.selectors import survey_url
from sla.services import survey_answer
from tests.factories.accounts import PilgrimFactory
from tests.factories.sla import TransactionFactory

pytestmark = pytest.mark.django_db


def test_the_link_asks_one_question_and_records_the_answer(client):
    tx = TransactionFactory()
    url = survey_url(tx)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "How satisfied are you with this service?" in page.content.decode()
    answer = client.post(url, {"rating": "4", "comment": "Quick"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Thank you" in answer.content.decode()
    survey = Survey.objects.get(transaction=tx)
    assert (survey.rating, survey.comment, survey.via) == (4, "Quick", "page")


def test_the_sms_link_records_that_it_came_by_sms(client):
    tx = TransactionFactory()
    client.post(survey_url(tx, via="sms"), {"rating": "5"})
    assert Survey.objects.get(transaction=tx).via == "sms"


def test_a_second_answer_is_refused(client):
    tx = TransactionFactory()
    client.post(survey_url(tx), {"rating": "5"})
    again = client.post(survey_url(tx), {"rating": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 409
    assert "already answered" in again.content.decode()
    assert Survey.objects.get(transaction=tx).rating == 5


def test_a_tampered_or_expired_link_is_refused(client):
    tx = TransactionFactory()
    assert client.get(survey_url(tx) + "x/").status_code == 404
    assert client.get(survey_url(tx)[:-5] + "abcd/").status_code == 404


def test_only_completed_transactions_are_rated():
    tx = TransactionFactory(outcome="sold_out")
    with pytest.raises(Exception) as error:
        survey_answer(transaction_id=tx.pk, rating=5)
    assert error.value.code == "survey_not_offered"


@pytest.mark.parametrize("rating", [0, 6])
def test_ratings_are_one_to_five(rating):
    with pytest.raises(Exception) as error:
        survey_answer(transaction_id=TransactionFactory().pk, rating=rating)
    assert error.value.code == "bad_rating"


def test_the_pilgrims_dashboard_offers_the_unrated_surveys(client):
    pilgrim = PilgrimFactory()
    offered = timezone.now() - timedelta(minutes=1)
    rated = TransactionFactory(user=pilgrim, service_code="rawdah_men",
                               survey_offered_at=offered)
    TransactionFactory(user=pilgrim, service_code="umrah", survey_offered_at=offered,
                       started_at=timezone.now() - timedelta(hours=2))
    # A visit still to come: its survey is not offered yet, on the page either.
    TransactionFactory(user=pilgrim, service_code="rawdah_women",
                       survey_due_at=timezone.now() + timedelta(days=2))
    survey_answer(transaction_id=rated.pk, rating=5)
    client.force_login(pilgrim)
    page = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-panel="sla-surveys"' in page
    assert page.count("/sla/survey/") == 1
