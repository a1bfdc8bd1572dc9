"""Internal notes are for the staff who work on the case: written and read on the case's
admin page, never shown to the pilgrim, neither on the pilgrim's pages nor in the API."""

import pytest

from casework import selectors, services
from casework.errors import CaseworkError
from tests.factories.casework import (
    complaint_agent,
    complaint_case,
    desk_agent,
    desk_case,
    other_team_agent,
)

pytestmark = pytest.mark.django_db

NOTE = "Pilgrim sounded upset; call back after Asr, check the deposit with finance."


def test_an_agent_adds_a_note_on_the_request_page_and_reads_it_there(client, plain_http):
    case = desk_case()
    agent = desk_agent(case)
    client.force_login(agent)
    page = f"/admin/servicedesk/deskrequest/{case.pk}/change/"

    response = client.post(f"/admin/servicedesk/deskrequest/{case.pk}/act/internal_note/",
                           {"internal_note-note": NOTE})

    assert response.status_code == 302
    assert [note.body for note in selectors.note_list(case)] == [NOTE]
    assert NOTE in client.get(page).content.decode()


def test_an_agent_of_another_team_neither_sees_the_request_nor_writes_on_it(client,
                                                                            plain_http):
    case = desk_case()
    stranger = other_team_agent(case)
    client.force_login(stranger)

    page = client.get(f"/admin/servicedesk/deskrequest/{case.pk}/change/")
    posted = client.post(f"/admin/servicedesk/deskrequest/{case.pk}/act/internal_note/",
                         {"internal_note-note": NOTE})

    assert page.status_code == 302  # Django's admin: a record outside the queue, to index
    assert posted.status_code == 404
    with pytest.raises(CaseworkError):
        services.note_add(case, acting_user=stranger, body=NOTE)


def test_the_pilgrims_request_page_and_api_never_show_a_note(client, app_client,
                                                              plain_http):
    case = desk_case()
    services.note_add(case, acting_user=desk_agent(case), body=NOTE)

    client.force_login(case.user)
    page = client.get(f"/servicedesk/{case.reference}/")
    api = app_client(case.user)
    detail = api.get(f"/api/v1/servicedesk/requests/{case.reference}/")
    listing = api.get("/api/v1/servicedesk/requests/")

    assert page.status_code == detail.status_code == listing.status_code == 200
    for response in (page, detail, listing):
        assert "after Asr" not in response.content.decode()


def test_the_pilgrims_complaint_page_and_api_never_show_a_note(client, app_client,
                                                                plain_http):
    case = complaint_case()
    services.note_add(case, acting_user=complaint_agent(case), body=NOTE)

    client.force_login(case.pilgrim)
    page = client.get(f"/complaints/{case.number}/")
    detail = app_client(case.pilgrim).get(f"/api/v1/complaints/{case.number}/")

    assert page.status_code == detail.status_code == 200
    for response in (page, detail):
        assert "after Asr" not in response.content.decode()


def test_an_empty_note_is_refused_with_a_message_and_nothing_written(client, plain_http):
    case = desk_case()
    client.force_login(desk_agent(case))

    response = client.post(f"/admin/servicedesk/deskrequest/{case.pk}/act/internal_note/",
                           {"internal_note-note": "   "}, follow=True)

    assert response.status_code == 200
    assert list(response.context["messages"])
    assert not selectors.note_list(case).exists()
