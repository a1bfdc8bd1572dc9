"""The agreement's pages (service-level agreement, complaint guide, privacy policy, terms of
use) are public, in the reader's language, dated in both calendars, and linked from the
footer of every page."""

import pytest

from legal.models import LegalDocument

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

KINDS = LegalDocument.Kind.values
TITLES = {
    "en": {"terms": "Terms of use", "privacy": "Privacy policy",
           "service-level-agreement": "Service-level agreement",
           "complaints-guide": "Complaint and escalation guide"},
    "ar": {"terms": "شروط الاستخدام", "privacy": "سياسة الخصوصية",
           "service-level-agreement": "اتفاقية مستوى الخدمة",
           "complaints-guide": "دليل الشكاوى والتصعيد"},
}


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_each_text_is_public_in_the_readers_language_with_both_calendars(client, kind,
                                                                          language):
    response = client.get(f"/legal/{kind}/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1 class=\"h2 mb-2\">{TITLES[language][kind]}</h1>" in page
    version = page[page.index('id="legal-version"'):]
    version = version[:version.index("</p>")]
    if language == "en":
        assert "Version 1" in version and "Muharram 1446" in version and "2024" in version
    else:
        assert "الإصدار 1" in version and "محرم 1446" in version and "2024" in version


@pytest.mark.parametrize("language", ["fa", "ur", "ms", "id"])
def test_every_language_of_the_portal_has_every_text(client, language):
    for kind in KINDS:
        document = LegalDocument.objects.get(kind=kind, version=1)
        assert document.has_translation(language), (kind, language)
        page = client.get(f"/legal/{kind}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert document.safe_translation_getter("title", language_code=language) in page


def test_the_sla_states_the_rights_and_duties_of_each_side(client):
    page = client.get("/legal/service-level-agreement/",
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()

    for side in ("The pilgrim", "The provider", "The ministry"):
        assert f">{side}</h2>" in page


def test_the_footer_of_every_page_links_the_four_texts(client):
    for url in ("/", "/contact/", "/accounts/login/", "/legal/privacy/"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        footer = page[page.index('id="footer-legal"'):]
        for kind in KINDS:
            assert f'href="/legal/{kind}/"' in footer, (url, kind)


def test_an_unknown_text_and_a_draft_are_not_found(client):
    assert client.get("/legal/cookies/").status_code == 404
    LegalDocument.objects.filter(kind="privacy").update(published_at=None)
    assert client.get("/legal/privacy/").status_code == 404


def test_staff_markup_in_a_text_is_shown_as_text(client):
    document = LegalDocument.objects.get(kind="privacy", version=1)
    document.set_current_language("en")
    document.body = "## Heading\n\n<script>alert(1)</script>\n\n- one\n- two"
    document.save()

    page = client.get("/legal/privacy/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<h2 class="h4 mt-4">Heading</h2>' in page and "<li>one</li>" in page
