"""Linking related cases, of any kinds, from a case's page: both cases' pages list the link;
a merge asks for confirmation on its own page first, and a GET of that page changes nothing."""

import pytest

from casework.models import CaseLink
from servicedesk.models import DeskRequest
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.complaints import NOW, filed_complaint
from tests.factories.servicedesk import desk_request_file

pytestmark = pytest.mark.django_db


def superuser():
    return StaffUserFactory(is_superuser=True)


def test_a_desk_request_linked_to_a_complaint_is_listed_on_both_pages(client):
    complaint = filed_complaint()
    request = desk_request_file(user=complaint.pilgrim, now=NOW)
    client.force_login(superuser())
    desk_page = f"/admin/servicedesk/deskrequest/{request.pk}/change/"
    complaint_page = f"/admin/complaints/complaint/{complaint.pk}/change/"

    response = client.post(f"/admin/servicedesk/deskrequest/{request.pk}/link/",
                           {"kind": "complaint", "reference": complaint.number})

    assert response.status_code == 302
    assert CaseLink.objects.get().relation == "related"
    assert f'href="{complaint_page}"><bdi>{complaint.number}</bdi>' in \
        client.get(desk_page).content.decode()
    assert f'href="{desk_page}"><bdi>{request.reference}</bdi>' in \
        client.get(complaint_page).content.decode()


def test_linking_twice_or_to_an_unknown_reference_is_refused_with_a_message(client):
    request = desk_request_file(user=PilgrimFactory(), now=NOW)
    other = desk_request_file(user=PilgrimFactory(), now=NOW)
    client.force_login(superuser())
    link = f"/admin/servicedesk/deskrequest/{request.pk}/link/"

    client.post(link, {"kind": "desk", "reference": other.reference})
    again = client.post(link, {"kind": "desk", "reference": other.reference}, follow=True,
                        HTTP_ACCEPT_LANGUAGE="en")
    unknown = client.post(link, {"kind": "desk", "reference": "SD-NOPE"}, follow=True,
                          HTTP_ACCEPT_LANGUAGE="en")

    assert "linked already" in again.content.decode()
    assert "SD-NOPE" in unknown.content.decode()
    assert CaseLink.objects.count() == 1


def test_the_merge_is_confirmed_on_its_own_page_before_it_happens(client):
    pilgrim = PilgrimFactory()
    survivor = desk_request_file(user=pilgrim, now=NOW)
    duplicate = desk_request_file(user=pilgrim, subject="Again", now=NOW)
    client.force_login(superuser())
    merge = f"/admin/servicedesk/deskrequest/{duplicate.pk}/merge/?into={survivor.reference}"

    confirm = client.get(merge)

    assert confirm.status_code == 200
    assert 'id="confirm-action"' in confirm.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.status == DeskRequest.Status.RECEIVED and not CaseLink.objects.exists()

    done = client.post(merge)

    assert done.status_code == 302
    assert done["Location"] == f"/admin/servicedesk/deskrequest/{survivor.pk}/change/"
    duplicate.refresh_from_db()
    assert duplicate.status == DeskRequest.Status.RESOLVED


def test_a_refused_merge_shows_why_and_offers_no_button(client):
    pilgrim = PilgrimFactory()
    request = desk_request_file(user=pilgrim, now=NOW)
    client.force_login(superuser())

    page = client.get(f"/admin/servicedesk/deskrequest/{request.pk}/merge/"
                      f"?into={request.reference}", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'id="confirm-refusal"' in page and 'id="confirm-action"' not in page
    assert "cannot be merged into itself" in page
