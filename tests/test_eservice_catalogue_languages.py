"""The e-service catalogue is seeded in the portal's six languages (names and descriptions), so
a page shows the services in its own language only: an Arabic page no English service name,
an English page no Arabic one."""

import pytest
from django.conf import settings
from django.test import Client

from portal.models import EService

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def names_in(language):
    return {service.safe_translation_getter("name", language_code=language, any_language=False)
            for service in EService.objects.filter(is_active=True)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_service_is_seeded_with_its_name_and_description(language):
    for service in EService.objects.filter(is_active=True):
        assert service.has_translation(language), (service.code, language)
        text = service.get_translation(language)
        assert text.name and text.description, (service.code, language)


def catalogue_page(language):
    return Client(HTTP_ACCEPT_LANGUAGE=language).get("/e-services/").content.decode()


def test_an_arabic_page_shows_no_english_service_name():
    page = catalogue_page("ar")

    assert all(name in page for name in names_in("ar"))
    assert not [name for name in names_in("en") if name in page]


def test_an_english_page_shows_no_arabic_service_name():
    page = catalogue_page("en")

    assert all(name in page for name in names_in("en"))
    assert not [name for name in names_in("ar") if name in page]


@pytest.mark.parametrize("language", ["fa", "ur", "ms", "id"])
def test_the_other_languages_show_their_own_service_names(language):
    page = catalogue_page(language)

    assert all(name in page for name in names_in(language))
    assert not [name for name in names_in("en") if name in page]
