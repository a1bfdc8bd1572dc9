"""Every e-mail the portal sends, opened in a real browser in Arabic and English: the
reader's language and direction, the text visible, nothing wider than a phone's screen.

The HTML files and screenshots land in var/screenshots/ (emails/ and
test_browser_emails-<mail>-<language>.png), to look at by eye."""

import pytest
from allauth.account.adapter import get_adapter
from django.core import mail
from django.utils import translation

from accounts.staff_mail import staff_notice
from complaints.models import Transition
from complaints.services import SMS as COMPLAINT_SMS
from notifications.services import email_notice_row
from portal.calendars import format_dual
from tests.factories.accounts import PilgrimFactory
from tests.factories.complaints import filed_complaint
from tests.fixtures.browser import SCREENSHOTS

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.django_db,
              pytest.mark.usefixtures("locmem_mail")]

LANGUAGES = ["ar", "en"]
PHONE = {"width": 390, "height": 844}
LONG_LINK = ("https://portal.example/accounts/password/reset/key/"
             "4-ce3x1y-0b6c1f9b8a7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b/")
ALLAUTH_MAILS = {
    "email_confirmation": {"activate_url": "https://portal.example/accounts/confirm-email/"
                                           "MQ:1uJx2b:abcdefghijklmnopqrstuvwxyz0123456789/"},
    "email_confirmation_signup": {"activate_url": "https://portal.example/accounts/"
                                                  "confirm-email/MQ:1uJx2b:abc/"},
    "password_reset_key": {"password_reset_url": LONG_LINK},
    "account_already_exists": {"password_reset_url": "https://portal.example/accounts/"
                                                     "password/reset/",
                               "signup_url": "https://portal.example/accounts/signup/"},
    "unknown_account": {"signup_url": "https://portal.example/accounts/signup/"},
}
MAILS = ["notice", "staff_notice", *ALLAUTH_MAILS]


@pytest.fixture(autouse=True)
def _portal(settings):
    settings.SITE_URL = "https://portal.example"


def rendered(name, language):
    """(subject, text, html) of the mail `name` as the portal sends it in `language`."""
    if name == "notice":
        complaint = filed_complaint()  # a notice about it links to its page
        with translation.override(language):  # the complaint's own first message
            text = str(COMPLAINT_SMS[Transition.Kind.SUBMITTED]) % {
                "number": complaint.number, "ack": format_dual(complaint.created_at),
                "deadline": format_dual(complaint.fix_due_at)}
        row = email_notice_row(to="amina@example.com", text=text,
                               language=language, idempotency_key="browser:1:email",
                               about=complaint)
        return row.subject, row.text, row.html
    if name == "staff_notice":
        with translation.override(language):
            # complaints.services' notice of a new complaint, as staff receive it.
            message = staff_notice(
                translation.gettext("New complaint %(number)s") % {"number": "CM1448-000001"},
                translation.gettext("A new complaint must be acknowledged by %(ack)s and "
                                    "fixed by %(fix)s.") % {"ack": "1448-05-20 14:00",
                                                            "fix": "1448-05-21 10:00"},
                ["staff@example.com"])
    else:
        pilgrim = PilgrimFactory(email=f"{name}-{language}@example.com",
                                 profile__preferred_language=language)
        get_adapter().send_mail(f"account/email/{name}", pilgrim.email,
                                {"user": pilgrim, **ALLAUTH_MAILS[name]})
        [message] = mail.outbox
    return message.subject, message.body, message.alternatives[0][0]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", MAILS)
def test_every_email_reads_in_its_language_and_fits_a_phone(chromium, name, language):
    subject, text, html = rendered(name, language)
    folder = SCREENSHOTS / "emails"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}-{language}.html"
    path.write_text(html, encoding="utf-8")

    context = chromium.new_context(viewport=PHONE, java_script_enabled=True)
    page = context.new_page()
    try:
        page.goto(path.as_uri())
        root = page.locator("html")
        playwright.expect(root).to_have_attribute("lang", language)
        playwright.expect(root).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        body = page.locator(".email-body")
        playwright.expect(body).to_be_visible()
        # The body's first paragraph of the text version is on screen too.
        first_line = next(line for line in text.splitlines()[2:] if line.strip())
        playwright.expect(body).to_contain_text(first_line.strip()[:40])
        playwright.expect(page.locator(".email-header")).to_contain_text(
            subject.split(":")[0].strip())
        overflowing = page.evaluate("""() => {
            const width = document.documentElement.clientWidth;
            const wide = [...document.querySelectorAll('body *')].filter(
                (el) => el.getBoundingClientRect().right > width + 1
                     || el.getBoundingClientRect().left < -1
                     || (el.scrollWidth > el.clientWidth + 1
                         && getComputedStyle(el).overflow !== 'visible'));
            return {page: document.documentElement.scrollWidth - width,
                    elements: wide.map((el) => el.tagName + '.' + el.className)};
        }""")
        assert overflowing == {"page": 0, "elements": []}, overflowing
        page.screenshot(path=str(SCREENSHOTS / f"test_browser_emails-{name}-{language}.png"),
                        full_page=True)
    finally:
        context.close()
