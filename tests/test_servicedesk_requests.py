"""A pilgrim files a request or question; it gets a reference and an SMS, goes to the expert
team of its topic with deadlines from its type, and is answered in a thread."""

from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from notifications.models import SmsMessage
from servicedesk import selectors, services
from servicedesk.errors import DeskError
from servicedesk.models import DeskRequest, RequestType, Topic
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.servicedesk import desk_request_file, expert_create

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.get_fixed_timezone(180))
PDF = b"%PDF-1.4\n% a small pdf\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name="deposit.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_each_type_shows_its_documents_and_fee_before_filing(client):
    request_type = RequestType.objects.get(code="new_request_abroad")
    request_type.fee = "25.00"
    request_type.save()
    client.force_login(PilgrimFactory())

    page = client.get("/servicedesk/new/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Copy of your passport" in page
    assert "25.00" in page


def test_a_filed_request_gets_a_reference_an_sms_and_its_topics_team():
    pilgrim = PilgrimFactory()

    desk_request = desk_request_file(user=pilgrim, topic_code="payments", now=NOW)

    assert desk_request.reference.startswith("SD-")
    assert desk_request.team == Topic.objects.get(code="payments").team
    sms = SmsMessage.objects.get(idempotency_key__startswith="servicedesk:")
    assert sms.recipient == str(pilgrim.profile.mobile)
    assert desk_request.reference in sms.text
    assert desk_request.filed_id_number == pilgrim.profile.id_number


def test_deadlines_come_from_the_type_as_configured_then():
    request_type = RequestType.objects.get(code="new_request")  # its targets are in hours
    request_type.first_response_hours, request_type.resolution_hours = 4, 10
    request_type.save()

    desk_request = desk_request_file(user=PilgrimFactory(), type_code="new_request", now=NOW)
    question = request_type
    question.first_response_hours = 100
    question.save()
    desk_request.refresh_from_db()

    assert desk_request.first_response_due == NOW + timedelta(hours=4)
    assert desk_request.resolution_due == NOW + timedelta(hours=10)


def test_attachments_must_be_pdf_jpeg_or_png_whatever_their_name():
    with pytest.raises(DeskError) as error:
        desk_request_file(user=PilgrimFactory(), files=[pdf("fake.pdf", b"MZ\x90\x00exe")])
    assert error.value.code == "file_type"
    assert not DeskRequest.objects.exists()


def test_attachments_have_a_size_limit(settings):
    settings.SERVICEDESK_MAX_FILE_BYTES = 1024
    with pytest.raises(DeskError) as error:
        desk_request_file(user=PilgrimFactory(), files=[pdf(content=PDF + b"x" * 2000)])
    assert error.value.code == "file_too_large"


def test_an_attachment_is_served_only_to_its_owner_and_the_expert_team(client):
    owner = PilgrimFactory()
    desk_request = desk_request_file(user=owner, topic_code="hajj", files=[pdf()])
    token = desk_request.messages.get().attachments.get().token
    url = f"/servicedesk/attachment/{token}/"
    team_expert = expert_create(team=desk_request.team)
    other_expert = expert_create(team=Topic.objects.get(code="other").team)

    for user, status in ((owner, 200), (team_expert, 200), (PilgrimFactory(), 404),
                         (other_expert, 404)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        if status == 200:
            assert b"".join(response.streaming_content) == PDF
            assert response["X-Content-Type-Options"] == "nosniff"


def test_an_expert_answer_starts_the_thread_and_the_pilgrim_replies():
    pilgrim = PilgrimFactory()
    desk_request = desk_request_file(user=pilgrim, now=NOW)
    expert = expert_create(team=desk_request.team)

    services.desk_reply_add(request=desk_request, acting_user=expert, body="Send the receipt.",
                            now=NOW + timedelta(hours=1))
    desk_request.refresh_from_db()
    assert desk_request.status == DeskRequest.Status.ANSWERED
    assert desk_request.first_responded_at == NOW + timedelta(hours=1)
    assert SmsMessage.objects.filter(idempotency_key__startswith="servicedesk:").count() == 2

    services.desk_reply_add(request=desk_request, acting_user=pilgrim, body="Attached.",
                            files=[pdf()])
    desk_request.refresh_from_db()
    assert desk_request.status == DeskRequest.Status.RECEIVED
    assert [m.from_expert for m in selectors.message_list(request=desk_request)] == [
        False, True, False]


def test_an_expert_of_another_team_cannot_answer():
    desk_request = desk_request_file(user=PilgrimFactory(), topic_code="hajj")
    outsider = expert_create(team=Topic.objects.get(code="payments").team)

    with pytest.raises(DeskError) as error:
        services.desk_reply_add(request=desk_request, acting_user=outsider, body="Hello")
    assert error.value.code == "not_your_team"


def test_a_resolved_request_takes_no_more_replies():
    pilgrim = PilgrimFactory()
    desk_request = desk_request_file(user=pilgrim)
    services.desk_request_resolve(request=desk_request,
                                  acting_user=expert_create(team=desk_request.team))

    with pytest.raises(DeskError) as error:
        services.desk_reply_add(request=desk_request, acting_user=pilgrim, body="One more thing")
    assert error.value.code == "resolved"


def test_the_staff_queue_shows_the_teams_requests_nearest_deadline_first():
    team = Topic.objects.get(code="hajj").team
    request_type = RequestType.objects.get(code="new_request")  # its targets are in hours
    late = desk_request_file(user=PilgrimFactory(), type_code="new_request", topic_code="hajj",
                             now=NOW)
    request_type.first_response_hours = 1
    request_type.save()
    urgent = desk_request_file(user=PilgrimFactory(), type_code="new_request",
                               topic_code="permits", now=NOW)
    elsewhere = desk_request_file(user=PilgrimFactory(), type_code="new_request",
                                  topic_code="other", now=NOW)
    expert = expert_create(team=team)

    queue = list(selectors.desk_queue_for_staff(user=expert))

    assert queue == [urgent, late]
    assert elsewhere not in queue
    admin = StaffUserFactory()
    assert set(selectors.desk_queue_for_staff(user=admin)) == {urgent, late, elsewhere}


def test_experts_answer_from_the_admin_queue(client):
    desk_request = desk_request_file(user=PilgrimFactory(), topic_code="hajj")
    expert = expert_create(team=desk_request.team)
    client.force_login(expert)

    listing = client.get("/admin/servicedesk/deskrequest/")
    assert listing.status_code == 200
    assert desk_request.reference in listing.content.decode()
    response = client.post(f"/admin/servicedesk/deskrequest/{desk_request.pk}/act/resolve/",
                           {"resolve-note": "We found it."})
    assert response.status_code == 302
    desk_request.refresh_from_db()
    assert desk_request.status == DeskRequest.Status.RESOLVED
    assert desk_request.messages.filter(from_expert=True, body="We found it.").exists()


def test_pilgrim_pages_file_and_follow_a_request(client):
    pilgrim = PilgrimFactory()
    client.force_login(pilgrim)

    response = client.post("/servicedesk/new/", {
        "request_type": RequestType.objects.get(code="new_request").pk,
        "topic": Topic.objects.get(code="hajj").pk, "subject": "Deposit document",
        "text": "The deposit document is missing.", "files": [pdf()]},
        HTTP_ACCEPT_LANGUAGE="en")

    desk_request = DeskRequest.objects.get()
    assert response.url == f"/servicedesk/{desk_request.reference}/"
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "deposit.pdf" in page
    client.post(response.url, {"body": "Any news?"})
    assert desk_request.messages.count() == 2
    client.force_login(PilgrimFactory())
    assert client.get(response.url).status_code == 404
