"""A signed-in user without a page's permission gets the site's 403 page, in their language;
sending them to the login page instead would bring them straight back (a loop). Someone not
signed in is still sent to log in."""

import pytest

pytestmark = pytest.mark.django_db

STAFF_ONLY = ["/permits/gate/", "/refunds/documents/1/"]


@pytest.mark.parametrize("url", STAFF_ONLY)
def test_a_pilgrim_gets_the_forbidden_page_not_the_login_page(client, pilgrim, url):
    client.force_login(pilgrim)

    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    page = response.content.decode()
    assert "You are not allowed to open this page" in page
    assert pilgrim.email in page
    assert 'dir="ltr"' in page  # the site's own page, not Django's bare one


def test_the_forbidden_page_is_translated(client, pilgrim):
    client.force_login(pilgrim)

    page = client.get("/permits/gate/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert "غير مسموح لك بفتح هذه الصفحة" in page
    assert 'dir="rtl"' in page


@pytest.mark.parametrize("url", STAFF_ONLY)
def test_someone_not_signed_in_is_sent_to_log_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
