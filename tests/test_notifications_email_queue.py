"""Every SMS to a person with a verified e-mail address goes by e-mail too: the same text,
in the same language, queued in the same transaction, under the key "<SMS key>:email"."""

import pytest
from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils.translation import gettext_lazy

from notifications.models import EmailMessage, SmsMessage
from notifications.services import sms_queue, sms_row, sms_send, sms_send_on_commit
from tests.factories.accounts import PilgrimFactory, UserFactory
from tests.factories.complaints import filed_complaint

pytestmark = pytest.mark.django_db

# A text Django itself translates, so the test needs no catalogue of ours.
LIMIT_TEXT = gettext_lazy("Ensure this value is less than or equal to %(limit_value)s.")


def queue(user, **overrides):
    arguments = {
        "to": "+966501234567",
        "message": LIMIT_TEXT,
        "context": {"limit_value": 5},
        "language": "en",
        "idempotency_key": "test:1",
        "user": user,
    }
    arguments.update(overrides)
    return sms_queue(**arguments)


def test_an_sms_to_a_verified_address_is_also_queued_by_email():
    pilgrim = PilgrimFactory()

    sms = queue(pilgrim)

    email = EmailMessage.objects.get()
    assert email.idempotency_key == "test:1:email"
    assert email.recipient == pilgrim.email
    assert email.status == EmailMessage.Status.QUEUED
    assert email.user == pilgrim
    assert email.language == "en"
    assert sms.text in email.text
    assert sms.text in email.html
    assert email.subject == "Pilgrim e-services portal: " + sms.text


def test_the_email_is_written_in_the_recipients_language(settings):
    pilgrim = PilgrimFactory()

    arabic = queue(pilgrim, language="ar", idempotency_key="ar")
    english = queue(pilgrim, language="en", idempotency_key="en")

    in_arabic = EmailMessage.objects.get(idempotency_key="ar:email")
    assert any("\u0600" <= char <= "\u06ff" for char in arabic.text)
    assert arabic.text in in_arabic.text
    assert '<html lang="ar" dir="rtl">' in in_arabic.html
    assert "Pilgrim e-services portal" not in in_arabic.subject  # the name in Arabic too
    in_english = EmailMessage.objects.get(idempotency_key="en:email")
    assert english.text in in_english.text
    assert '<html lang="en" dir="ltr">' in in_english.html
    assert in_english.text.endswith(settings.SITE_URL + "/\n")  # the footer's link


def test_no_email_without_a_verified_address():
    unverified = UserFactory(verified_email=False)
    EmailAddress.objects.create(user=unverified, email=unverified.email, verified=False,
                                primary=True)
    no_address_row = UserFactory(verified_email=False)

    queue(unverified, idempotency_key="unverified")
    queue(no_address_row, idempotency_key="no-address")
    queue(None, idempotency_key="nobody")

    assert SmsMessage.objects.count() == 3
    assert not EmailMessage.objects.exists()


def test_a_repeated_sms_key_queues_no_second_email(django_capture_on_commit_callbacks):
    pilgrim = PilgrimFactory()

    with django_capture_on_commit_callbacks() as callbacks:
        queue(pilgrim)
        queue(pilgrim)

    assert EmailMessage.objects.count() == 1
    assert len(callbacks) == 2  # one send of the SMS, one of the e-mail


def test_the_email_links_to_the_pilgrims_page_of_what_it_is_about(settings):
    settings.SITE_URL = "https://portal.example"
    complaint = filed_complaint()  # its SMS tells the pilgrim the complaint's number

    emails = list(EmailMessage.objects.filter(about_content_type__model="complaint",
                                              about_object_id=str(complaint.pk)))
    link = f"https://portal.example/complaints/{complaint.number}/"
    assert emails
    for email in emails:
        assert email.about_object == complaint
        assert link in email.text
        assert f'href="{link}"' in email.html


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_leaves_no_email():
    pilgrim = PilgrimFactory()

    with pytest.raises(RuntimeError), transaction.atomic():
        queue(pilgrim)
        raise RuntimeError("the change failed")

    assert not EmailMessage.objects.exists()


def test_a_row_the_caller_inserted_itself_gets_its_email_when_the_worker_takes_it(
    sms_gateway,
):
    """permits.booking inserts its SMS rows itself, with no query for the address: the
    worker that sends the SMS queues the e-mail."""
    pilgrim = PilgrimFactory()
    row = sms_row(to="+966501234567", message=LIMIT_TEXT, context={"limit_value": 5},
                  language="ar", idempotency_key="permit-booking:1:booked", user=pilgrim)
    row.save()
    sms_send_on_commit(row)
    assert not EmailMessage.objects.exists()

    sms_send(row.pk)

    email = EmailMessage.objects.get()
    assert email.idempotency_key == "permit-booking:1:booked:email"
    assert email.language == "ar"
    assert row.text in email.text
    assert len(sms_gateway.delivered) == 1
