"""The shell's pages: Arabic and right-to-left by default, every page in the shell."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from portal import services as portal_services
from portal.models import SupportChannel
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def html_tag(content):
    return re.search(r"<html[^>]*>", content).group(0)


def test_home_is_arabic_and_right_to_left_by_default(client):
    response = client.get("/")
    content = response.content.decode()
    assert response.status_code == 200
    assert html_tag(content) == '<html lang="ar" dir="rtl">'
    assert "bootstrap.rtl.min.css" in content
    assert "بوابة الخدمات الإلكترونية" in content


@pytest.mark.parametrize("language", ["fa", "ur"])
def test_persian_and_urdu_are_right_to_left(client, language):
    content = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert html_tag(content) == f'<html lang="{language}" dir="rtl">'


@pytest.mark.parametrize("language", ["en", "ms", "id"])
def test_latin_script_languages_are_left_to_right(client, language):
    content = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert html_tag(content) == f'<html lang="{language}" dir="ltr">'
    assert "bootstrap.min.css" in content and "bootstrap.rtl.min.css" not in content


def test_home_lists_each_e_service_with_its_service_levels(client):
    content = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Umrah permit booking" in content
    assert "93.71%" in content
    assert "Satisfaction target" in content


def test_home_shows_today_in_both_calendars(client):
    content = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert " AH · " in strip_tags(content)  # the text read, around each date's <bdi>


def test_shell_has_landmarks_skip_link_and_no_inline_script_or_style(client):
    content = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in content
    assert 'href="#main"' in content
    assert "<style" not in content and " style=" not in content
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", content) is None


def test_language_switcher_offers_six_languages_in_their_own_names(client):
    content = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'action="/i18n/setlang/"' in content
    for autonym in ("العربية", "English", "Bahasa Melayu", "فارسی", "اردو", "Bahasa Indonesia"):
        assert f">{autonym}</button>" in content


def test_switching_language_through_set_language_changes_the_page(client):
    client.get("/")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert html_tag(response.content.decode()) == '<html lang="en" dir="ltr">'


def test_anonymous_visitor_is_offered_login_and_sign_up(client):
    content = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert reverse("account_login") in content
    assert reverse("account_signup") in content
    assert "Log out" not in content


def test_logged_in_user_logs_out_with_a_post_form_carrying_csrf(client):
    client.force_login(UserFactory())
    content = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    form = re.search(r'<form method="post" action="/accounts/logout/".*?</form>', content, re.S)
    assert form and "csrfmiddlewaretoken" in form.group(0)
    assert reverse("portal:dashboard") in content


def test_dashboard_requires_login(client):
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_dashboard_greets_the_user_and_offers_the_e_services(client):
    user = UserFactory(first_name="Aminah", last_name="Yusof")
    client.force_login(user)
    content = client.get(reverse("portal:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Welcome, <bdi>Aminah Yusof</bdi>" in content
    assert "Rawdah visit permit, women" in content


def test_e_services_page_tables_every_published_figure(client):
    content = client.get(reverse("portal:eservices"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # the e-SLA's ten, complaints and the charter's suggestions
    assert content.count('<tr id="service-') == 12
    assert "8,246,996" in content
    assert "3 working days" in content


def test_contact_page_lists_the_support_channels(client):
    channel = SupportChannel(kind=SupportChannel.Kind.CARE_CENTRE, value="920002814")
    channel.set_current_language("en")
    channel.label = "Care centre"
    channel.save()
    content = client.get(reverse("portal:contact"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="tel:920002814"' in content
    assert "Care centre" in content


def test_announced_maintenance_shows_on_its_page_and_as_a_banner(client):
    starts = timezone.now() + timedelta(days=3)
    portal_services.maintenance_window_announce(
        starts_at=starts, ends_at=starts + timedelta(hours=2),
        messages={"en": "Booking systems upgrade", "ar": "تحديث أنظمة الحجز"},
    )
    page = client.get(reverse("portal:maintenance"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Booking systems upgrade" in page and "Upcoming" in page
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Planned maintenance:" in home and "Booking systems upgrade" in home


def test_maintenance_in_progress_is_announced_as_in_progress(client):
    now = timezone.now()
    portal_services.maintenance_window_announce(
        starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1),
        messages={"en": "Payments are paused"},
    )
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Maintenance in progress:" in home


def test_without_announced_maintenance_there_is_no_banner(client):
    past = datetime(2024, 1, 1, tzinfo=UTC)
    portal_services.maintenance_window_announce(
        starts_at=past, ends_at=past + timedelta(hours=1), messages={"en": "Old window"},
    )
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "portal-maintenance-banner" not in home


def test_footer_links_contact_maintenance_and_api_docs(client):
    content = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/contact/"' in content
    assert 'href="/maintenance/"' in content
    assert 'href="/api/v1/docs/"' in content


def test_allauth_login_page_is_rendered_inside_the_shell(client):
    content = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html_tag(content) == '<html lang="en" dir="ltr">'
    assert "portal.css" in content and "auth-page" in content
