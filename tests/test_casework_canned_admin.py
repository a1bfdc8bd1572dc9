"""Canned replies in the admin: team leads write them (every language), agents do not; on a
case's page an agent chooses one and the reply form comes back filled, without script."""

import pytest
from django.utils.html import escape

from casework.models import CannedReply
from tests.factories.accounts import PilgrimFactory
from tests.factories.casework import canned_reply, team_lead
from tests.factories.complaints import NOW, care_agent, filed_complaint
from tests.factories.servicedesk import desk_request_file, expert_create

pytestmark = pytest.mark.django_db

ADD = "/admin/casework/cannedreply/add/"


def test_an_agent_may_not_write_canned_replies(client):
    client.force_login(care_agent())

    assert client.get(ADD).status_code == 403
    assert client.post(ADD, {"applies_to": "desk:", "title": "x", "body": "y"}).status_code \
        == 403
    assert not CannedReply.objects.exists()


def test_a_team_lead_writes_one_in_each_language(client):
    client.force_login(team_lead())

    for language, title, body in (("en", "Received", "Dear {pilgrim_name}"),
                                  ("ar", "استلام", "السلام عليكم {pilgrim_name}")):
        url = ADD if language == "en" else \
            f"/admin/casework/cannedreply/{CannedReply.objects.get().pk}/change/"
        response = client.post(f"{url}?language={language}", {
            "applies_to": "desk:hajj", "title": title, "body": body, "is_active": "on"})
        assert response.status_code == 302, response.content.decode()[:2000]

    reply = CannedReply.objects.get()
    assert (reply.kind, reply.topic) == ("desk", "hajj")
    assert reply.safe_translation_getter("body", language_code="ar") == \
        "السلام عليكم {pilgrim_name}"


def test_a_lead_saving_an_unknown_placeholder_is_told_why_and_nothing_is_saved(client):
    client.force_login(team_lead())

    response = client.post(f"{ADD}?language=ar", {
        "applies_to": "desk:", "title": "x", "body": "{reference} {password}"},
        HTTP_ACCEPT_LANGUAGE="ar")

    assert response.status_code == 200
    assert escape("عنصر نائب غير معروف {password}") in response.content.decode()
    assert not CannedReply.objects.exists()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_choosing_a_reply_fills_the_desk_answer_without_script(client, language):
    case = desk_request_file(user=PilgrimFactory(profile__preferred_language=language), now=NOW)
    reply = canned_reply(kind="desk", en=("Hi", "Hello {reference}"),
                         ar=("مرحبا", "أهلا {reference}"))
    client.force_login(expert_create(team=case.team))
    page = f"/admin/servicedesk/deskrequest/{case.pk}/change/"

    chooser = client.get(page).content.decode()
    filled = client.get(f"{page}?canned={reply.pk}&into=answer").content.decode()

    assert 'id="casework-canned"' in chooser and f'<option value="{reply.pk}">' in chooser
    expected = ("Hello " if language == "en" else "أهلا ") + case.reference
    assert 'name="answer-note"' in filled
    assert f'id="id_answer-note">\n{expected}</textarea>' in filled
    assert 'id="id_resolve-note">\n</textarea>' in filled


def test_choosing_a_reply_fills_the_complaint_resolution_note(client):
    complaint = filed_complaint()
    reply = canned_reply(kind="complaint", topic="makkah_housing",
                         ar=("تسكين", "تم التسكين {reference}"))
    client.force_login(care_agent())

    filled = client.get(f"/admin/complaints/complaint/{complaint.pk}/change/"
                        f"?canned={reply.pk}&into=resolve").content.decode()

    assert f'id="id_resolve-note">\nتم التسكين {complaint.number}</textarea>' in filled


def test_a_reply_of_another_kind_is_refused_with_a_message_not_filled(client):
    case = desk_request_file(user=PilgrimFactory(), now=NOW)
    other = canned_reply(kind="complaint", en=("x", "Complaint text"))
    client.force_login(expert_create(team=case.team))

    response = client.get(f"/admin/servicedesk/deskrequest/{case.pk}/change/"
                          f"?canned={other.pk}", HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Complaint text</textarea>" not in page
    assert "not offered for this case" in page
    assert client.get(f"/admin/servicedesk/deskrequest/{case.pk}/change/?canned=x"
                      ).status_code == 200
