"""/profile/ shows the signed-in pilgrim's own profile; /profile/edit/ completes or changes
it, with the same identity rules as the API, and keeps the mobile number in E.164."""

import re

import pytest

from accounts.identity import saudi_id_with_check_digit
from accounts.models import PilgrimProfile
from tests.factories.accounts import PilgrimFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

FORM = {
    "full_name": "Amina Yusuf", "id_type": "national_id",
    "id_number": saudi_id_with_check_digit("155555555"), "nationality": "SA",
    "gender": "female", "date_of_birth": "1990-05-01", "mobile": "050 123 4567",
    "preferred_language": "en",
}


def test_a_new_account_is_sent_to_complete_the_profile(client):
    client.force_login(UserFactory())
    assert client.get("/profile/")["Location"] == "/profile/edit/"


def test_completing_the_profile_saves_it_in_e164(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/profile/edit/", FORM)
    assert response["Location"] == "/profile/"
    profile = PilgrimProfile.objects.get(user=user)
    assert profile.mobile.as_e164 == "+966501234567"
    assert profile.events.count() == 1  # audited (pghistory)


def test_a_wrong_check_digit_is_shown_on_the_form(client):
    client.force_login(UserFactory())
    number = FORM["id_number"]
    bad = {**FORM, "id_number": number[:-1] + str((int(number[-1]) + 1) % 10)}
    page = client.post("/profile/edit/", bad, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "is not valid: check the digits" in page


def test_editing_changes_only_the_callers_profile_and_is_audited(client):
    pilgrim = PilgrimFactory()
    client.force_login(pilgrim)
    data = {**FORM, "id_number": pilgrim.profile.id_number, "full_name": "New Name"}
    client.post("/profile/edit/", data)
    pilgrim.profile.refresh_from_db()
    assert pilgrim.profile.full_name == "New Name"
    last = pilgrim.profile.events.order_by("pgh_id").last()
    assert last.pgh_label == "update"
    assert last.pgh_context.metadata["user"] == pilgrim.pk


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/",
                                 "/accounts/password/reset/", "/accounts/confirm-email/"])
def test_the_account_pages_render_in_the_portal_shell(client, url):
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="card' in page
    assert "bootstrap" in page


def test_the_nationality_reads_in_arabic_on_an_arabic_page(client):
    client.force_login(PilgrimFactory(profile__nationality="ID"))
    page = client.get("/profile/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<dd class="col-sm-8">إندونيسيا</dd>' in page


def test_the_edit_form_lists_the_countries_by_their_arabic_names(client):
    client.force_login(PilgrimFactory())
    page = client.get("/profile/edit/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    select = re.search(r'<select name="nationality".*?</select>', page, re.DOTALL).group(0)
    assert len(re.findall(r'<option value="[A-Z]{2}"', select)) == 249
    assert '<option value="SA" selected>المملكة العربية السعودية</option>' in select
    assert '<option value="PK">باكستان</option>' in select
