"""When a case closes (a desk request resolved, a complaint closed) the pilgrim is asked
once, by SMS in their language, to rate the answer through a signed link that needs no
sign-in; the rating is kept once, a bad or used link gets a clear page, and the monitors'
figures show satisfaction per kind of case and per team."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.utils import translation

from casework.satisfaction import satisfaction_by_kind_and_team
from complaints import services as complaint_services
from notifications.models import SmsMessage
from portal.calendars import RIYADH
from servicedesk import services as desk_services
from servicedesk.errors import DeskError
from sla.models import Survey
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.complaints import NOW as COMPLAINT_NOW
from tests.factories.complaints import filed_complaint, provider_staff_for
from tests.factories.servicedesk import desk_request_file, expert_create

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=RIYADH)
LINK = re.compile(r"https?://\S+(/sla/survey/\S+/)")


def resolved_request(*, pilgrim=None, topic_code="hajj"):
    request = desk_request_file(user=pilgrim or PilgrimFactory(), type_code="new_request",
                                topic_code=topic_code, now=NOW)
    desk_services.desk_request_resolve(request=request, acting_user=expert_create(
        team=request.team), note="Your deposit is recorded.", now=NOW + timedelta(hours=2))
    return request


def closed_complaint():
    complaint = filed_complaint()
    complaint_services.complaint_resolve(complaint=complaint,
                                         acting_user=provider_staff_for(complaint),
                                         note="Housed in room 12.",
                                         now=COMPLAINT_NOW + timedelta(hours=1))
    complaint_services.complaint_confirm(complaint=complaint, acting_user=complaint.pilgrim,
                                         now=COMPLAINT_NOW + timedelta(hours=2))
    return complaint


def survey_sms(user):
    return SmsMessage.objects.filter(user=user, idempotency_key__startswith="sla-survey-")


def link_in(sms) -> str:
    return LINK.search(sms.text).group(1)


def test_a_resolved_request_asks_its_pilgrim_once_in_their_language():
    request = resolved_request()

    with pytest.raises(DeskError):  # resolving again is refused, and asks nothing more
        desk_services.desk_request_resolve(request=request, acting_user=expert_create(
            team=request.team), now=NOW + timedelta(hours=3))

    [sms] = survey_sms(request.user)
    assert sms.language == "ar"
    assert "1" in sms.text and "5" in sms.text and link_in(sms)


def test_a_closed_complaint_asks_its_pilgrim_once():
    complaint = closed_complaint()

    assert survey_sms(complaint.pilgrim).count() == 1


def test_the_link_rates_the_answer_without_signing_in(client):
    request = resolved_request()
    link = link_in(survey_sms(request.user).get())

    page = client.get(link, HTTP_ACCEPT_LANGUAGE="en")
    answer = client.post(link, {"rating": "4", "comment": "Clear answer."},
                         HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == 200 and "How satisfied are you" in page.content.decode()
    assert "Thank you" in answer.content.decode()
    survey = Survey.objects.get()
    assert (survey.rating, survey.comment, survey.via, survey.transaction.reference) == (
        4, "Clear answer.", "sms", request.reference)


def test_a_used_link_says_so_in_the_pilgrims_language_and_keeps_the_first_rating(client):
    request = resolved_request()
    link = link_in(survey_sms(request.user).get())
    client.post(link, {"rating": "5"})

    again = client.get(link, HTTP_ACCEPT_LANGUAGE="ar")
    rated_again = client.post(link, {"rating": "1"}, HTTP_ACCEPT_LANGUAGE="en")

    assert again.status_code == 409
    assert 'lang="ar"' in again.content.decode()
    assert "already answered" in rated_again.content.decode()
    assert Survey.objects.get().rating == 5


@pytest.mark.parametrize("token", ["not-a-token", "eyJ0IjoxfQ:1abc:forged"])
def test_a_bad_link_gets_a_clear_page_not_an_error(client, token):
    page = client.get(f"/sla/survey/{token}/", HTTP_ACCEPT_LANGUAGE="en")
    posted = client.post(f"/sla/survey/{token}/", {"rating": "5"}, HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == posted.status_code == 404
    assert "not valid or has expired" in page.content.decode()
    assert Survey.objects.count() == 0


def rate(pilgrim_sms, rating, client):
    client.post(link_in(pilgrim_sms), {"rating": str(rating)})


def test_the_figures_show_satisfaction_per_kind_and_per_team(client):
    happy, unhappy = resolved_request(), resolved_request()
    complaint = closed_complaint()
    for user, rating in ((happy.user, 5), (unhappy.user, 2), (complaint.pilgrim, 4)):
        rate(survey_sms(user).get(), rating, client)

    with translation.override("en"):
        lines = satisfaction_by_kind_and_team(first_day=date(2026, 11, 1),
                                              last_day=date(2026, 11, 30))

    figures = {(line.kind, line.team): (line.surveys, line.satisfied, line.percent)
               for line in lines}
    team = happy.team.group.name
    assert figures[("desk requests", "")] == (2, 1, 50)
    assert figures[("desk requests", team)] == (2, 1, 50)
    assert figures[("complaints", "")] == (1, 1, 100)
    assert figures[("complaints", complaint.provider.name)] == (1, 1, 100)


def test_monitors_read_the_figures_and_other_staff_may_not(client, plain_http):
    from accounts import roles

    request = resolved_request()
    rate(survey_sms(request.user).get(), 5, client)
    query = {"start": "2026-11-01", "end": "2026-11-30"}

    client.force_login(StaffUserFactory(role=roles.MONITOR))
    page = client.get("/casework/satisfaction/", query, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(expert_create(team=request.team))
    refused = client.get("/casework/satisfaction/", query, HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == 200
    assert request.team.group.name in page.content.decode()
    assert "100.0%" in page.content.decode()
    assert refused.status_code == 403
