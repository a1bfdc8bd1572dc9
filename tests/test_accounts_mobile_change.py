"""A new mobile number is taken only with the one-time code sent to it: the code goes to the
new number only, a wrong or expired code changes nothing, wrong tries are limited, codes are
not resent at once, the old number is told of the change, and the change is audited with who
made it. On the page (CSRF on) and over the API."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.errors import AccountsError
from accounts.models import MobileChange
from accounts.services import mobile_change_confirm, mobile_change_start
from notifications.models import EmailMessage, SmsMessage
from tests.factories.accounts import PilgrimFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

NEW = "+966555000111"
MOBILE = "/api/v1/accounts/profile/mobile/"
CONFIRM = "/api/v1/accounts/profile/mobile/confirm/"


@pytest.fixture
def pilgrim():
    return PilgrimFactory()


def code_sent_to(number):
    """The code in the last SMS to `number` (and only there)."""
    sms = SmsMessage.objects.filter(recipient=number, idempotency_key__startswith=(
        "accounts:mobile-code:")).order_by("pk").last()
    return re.search(r"\b(\d{6})\b", sms.text).group(1) if sms else None


def mobile_of(user):
    user.profile.refresh_from_db()
    return str(user.profile.mobile)


def refusal(call):
    with pytest.raises(AccountsError) as error:
        call()
    return error.value.code


def test_the_code_goes_to_the_new_number_only_and_confirms_it(pilgrim):
    old = mobile_of(pilgrim)
    mobile_change_start(user=pilgrim, acting_user=pilgrim, mobile=NEW)

    assert mobile_of(pilgrim) == old  # nothing changes before the code
    code = code_sent_to(NEW)
    assert code is not None
    assert not SmsMessage.objects.filter(recipient=old).exists()
    assert MobileChange.objects.get(user=pilgrim).code_hash != code  # kept hashed

    mobile_change_confirm(user=pilgrim, acting_user=pilgrim, code=code)

    assert mobile_of(pilgrim) == NEW
    notice = SmsMessage.objects.get(recipient=old)
    assert notice.idempotency_key.startswith("accounts:mobile-changed:")
    assert NEW[-4:] in notice.text and code not in notice.text
    assert not MobileChange.objects.filter(user=pilgrim).exists()


def test_the_change_is_audited_with_who_made_it(pilgrim):
    mobile_change_start(user=pilgrim, acting_user=pilgrim, mobile=NEW)
    mobile_change_confirm(user=pilgrim, acting_user=pilgrim, code=code_sent_to(NEW))

    last = pilgrim.profile.events.order_by("pgh_id").last()
    assert (last.pgh_label, str(last.mobile)) == ("update", NEW)
    assert last.pgh_context.metadata["user"] == pilgrim.pk


def test_a_wrong_code_changes_nothing_and_tries_are_limited(pilgrim, settings):
    settings.MOBILE_CHANGE_CODE_ATTEMPTS = 3
    old = mobile_of(pilgrim)
    mobile_change_start(user=pilgrim, acting_user=pilgrim, mobile=NEW)
    right = code_sent_to(NEW)
    wrong = f"{(int(right) + 1) % 10 ** 6:06d}"

    def confirm(code):
        return lambda: mobile_change_confirm(user=pilgrim, acting_user=pilgrim, code=code)

    assert refusal(confirm(wrong)) == "mobile_code_wrong"
    assert refusal(confirm(wrong)) == "mobile_code_wrong"
    assert refusal(confirm(wrong)) == "mobile_code_attempts"
    assert refusal(confirm(right)) == "mobile_code_attempts"  # too late even for the right one
    assert mobile_of(pilgrim) == old
    assert not SmsMessage.objects.filter(recipient=old).exists()


def test_an_expired_code_changes_nothing(pilgrim, settings):
    old = mobile_of(pilgrim)
    start = timezone.now()
    mobile_change_start(user=pilgrim, acting_user=pilgrim, mobile=NEW, now=start)
    later = start + timedelta(minutes=settings.MOBILE_CHANGE_CODE_MINUTES, seconds=1)

    assert refusal(lambda: mobile_change_confirm(
        user=pilgrim, acting_user=pilgrim, code=code_sent_to(NEW), now=later)) == \
        "mobile_code_expired"
    assert mobile_of(pilgrim) == old


def test_a_new_code_waits_for_the_resend_interval_and_replaces_the_first(pilgrim, settings):
    start = timezone.now()
    mobile_change_start(user=pilgrim, acting_user=pilgrim, mobile=NEW, now=start)
    first = code_sent_to(NEW)

    assert refusal(lambda: mobile_change_start(user=pilgrim, acting_user=pilgrim, mobile=NEW,
                                               now=start + timedelta(seconds=5))) == \
        "mobile_code_wait"
    later = start + timedelta(seconds=settings.MOBILE_CHANGE_RESEND_SECONDS)
    mobile_change_start(user=pilgrim, acting_user=pilgrim, mobile=NEW, now=later)
    second = code_sent_to(NEW)

    if first != second:  # one in a million they are the same
        assert refusal(lambda: mobile_change_confirm(
            user=pilgrim, acting_user=pilgrim, code=first, now=later)) == "mobile_code_wrong"
    mobile_change_confirm(user=pilgrim, acting_user=pilgrim, code=second, now=later)
    assert mobile_of(pilgrim) == NEW


def test_the_current_number_is_not_a_change(pilgrim):
    assert refusal(lambda: mobile_change_start(user=pilgrim, acting_user=pilgrim,
                                               mobile=mobile_of(pilgrim))) == "mobile_same"


# --- The page --------------------------------------------------------------------------

def test_the_page_flow_changes_the_number_with_the_code(pilgrim):
    client = Client(enforce_csrf_checks=True)
    client.force_login(pilgrim)
    page = client.get("/profile/mobile/")
    token = page.cookies["csrftoken"].value

    sent = client.post("/profile/mobile/", {"mobile": NEW, "csrfmiddlewaretoken": token})
    assert sent["Location"] == "/profile/mobile/confirm/"
    wrong = client.post("/profile/mobile/confirm/",
                        {"code": "abc", "csrfmiddlewaretoken": token},
                        HTTP_ACCEPT_LANGUAGE="en")
    assert wrong.status_code == 200
    assert "This code is not right" in wrong.content.decode()
    assert mobile_of(pilgrim) != NEW

    done = client.post("/profile/mobile/confirm/",
                       {"code": code_sent_to(NEW), "csrfmiddlewaretoken": token})
    assert done["Location"] == "/profile/"
    assert mobile_of(pilgrim) == NEW


def test_the_page_refuses_a_post_without_the_csrf_token(pilgrim):
    client = Client(enforce_csrf_checks=True)
    client.force_login(pilgrim)
    assert client.post("/profile/mobile/", {"mobile": NEW}).status_code == 403
    assert code_sent_to(NEW) is None


def test_the_profile_form_no_longer_changes_the_number(client, pilgrim):
    old = mobile_of(pilgrim)
    client.force_login(pilgrim)
    page = client.get("/profile/edit/").content.decode()
    assert 'name="mobile"' not in page
    assert "/profile/mobile/" in client.get("/profile/").content.decode()
    assert old


def test_a_confirm_page_without_a_change_sends_to_step_one(client, pilgrim):
    client.force_login(pilgrim)
    assert client.get("/profile/mobile/confirm/")["Location"] == "/profile/mobile/"


@pytest.mark.parametrize("value", ["", "12", "x" * 500, "+9665"])
def test_any_number_typed_gets_an_answer_not_an_error(client, pilgrim, value):
    client.force_login(pilgrim)
    response = client.post("/profile/mobile/", {"mobile": value})
    assert response.status_code == 200
    assert not MobileChange.objects.exists()


# --- The API ---------------------------------------------------------------------------

def post(client, url, data):
    return client.post(url, data, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


def test_the_api_flow_changes_the_number_with_the_code(app_client, pilgrim):
    client = app_client(pilgrim)
    old = mobile_of(pilgrim)

    asked = post(client, MOBILE, {"mobile": NEW})
    assert asked.status_code == 202, asked.content
    assert asked.json()["mobile"] == NEW

    wrong = post(client, CONFIRM, {"code": "000000" if code_sent_to(NEW) != "000000"
                                   else "111111"})
    assert (wrong.status_code, wrong.json()["code"]) == (400, "mobile_code_wrong")
    assert wrong.json()["detail"] == "This code is not right. Check the SMS and type it again."

    again = post(client, MOBILE, {"mobile": NEW})
    assert (again.status_code, again.json()["code"]) == (429, "mobile_code_wait")

    done = post(client, CONFIRM, {"code": code_sent_to(NEW)})
    assert done.status_code == 200, done.content
    assert done.json()["mobile"] == NEW
    assert SmsMessage.objects.filter(recipient=old,
                                     idempotency_key__startswith="accounts:mobile-changed:")


def test_the_api_profile_put_keeps_the_number(app_client, pilgrim):
    client = app_client(pilgrim)
    body = client.get("/api/v1/accounts/profile/").json()
    body = {key: value for key, value in body.items() if key not in ("email", "updated_at")}

    changed = client.put("/api/v1/accounts/profile/", {**body, "mobile": NEW},
                         content_type="application/json")
    assert changed.status_code == 400
    assert changed.json()["errors"]["mobile"]
    assert mobile_of(pilgrim) != NEW
    same = client.put("/api/v1/accounts/profile/", {**body, "full_name": "New Name"},
                      content_type="application/json")
    assert same.status_code == 200, same.content


@pytest.mark.parametrize("url,data", [
    (MOBILE, {}), (MOBILE, {"mobile": "12"}), (MOBILE, {"mobile": ["x"]}),
    (CONFIRM, {}), (CONFIRM, {"code": "1" * 40}), (CONFIRM, {"code": "123456"}),
])
def test_the_api_answers_any_input_without_an_error(app_client, pilgrim, url, data):
    response = post(app_client(pilgrim), url, data)
    assert 400 <= response.status_code < 500
    assert "code" in response.json()


def test_the_code_never_goes_to_the_mailbox_but_the_change_notice_does():
    # A code that reached the e-mail address would confirm a number nobody proved they hold.
    pilgrim = PilgrimFactory()  # with a verified address: every other SMS is mailed too
    mobile_change_start(user=pilgrim, acting_user=pilgrim, mobile=NEW)
    code = code_sent_to(NEW)

    assert not EmailMessage.objects.filter(text__contains=code).exists()
    mobile_change_confirm(user=pilgrim, acting_user=pilgrim, code=code)
    assert EmailMessage.objects.filter(user=pilgrim, idempotency_key__endswith=":email").exists()
