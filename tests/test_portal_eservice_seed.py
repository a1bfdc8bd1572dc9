"""The e-services catalogue is seeded with the ten services of the ministry's e-SLA, and
complaints as a service of their own after them, then the desk's suggestions
(servicedesk.catalogue)."""

from decimal import Decimal

import pytest

from portal.models import EService
from portal.selectors import eservice_get, eservice_list

pytestmark = pytest.mark.django_db

CODES = ["hajj", "hajj_cancel", "new_request", "inquiry", "new_request_abroad",
         "mashair_vehicle", "rawdah_men", "rawdah_women", "umrah", "hajj_package", "complaint",
         "suggestion"]


def test_all_services_are_seeded_in_the_published_order():
    assert [service.code for service in eservice_list()] == CODES


def test_every_service_is_named_in_arabic_and_english():
    for service in EService.objects.all():
        assert service.has_translation("ar"), service.code
        assert service.has_translation("en"), service.code
        assert service.safe_translation_getter("name", language_code="ar")


def test_published_figures_are_seeded():
    hajj = eservice_get(code="hajj")
    assert hajj.satisfaction_target == Decimal("90")
    assert hajj.yearly_transactions == 5525
    assert hajj.processing_working_days == 3
    umrah = eservice_get(code="umrah")
    assert (umrah.satisfaction_target, umrah.digitisation_percent, umrah.completion_percent) == (
        Decimal("93.71"), Decimal("65"), Decimal("81"))
    assert umrah.yearly_transactions == 8246996
    assert eservice_get(code="rawdah_women").completion_percent == Decimal("74")


def test_hajj_package_ordering_publishes_no_satisfaction_target():
    package = eservice_get(code="hajj_package")
    assert package.satisfaction_target is None
    assert package.completion_percent == Decimal("98.5")


def test_inactive_services_are_hidden_from_the_catalogue():
    EService.objects.filter(code="inquiry").update(is_active=False)
    assert "inquiry" not in [service.code for service in eservice_list()]
    assert "inquiry" in [service.code for service in eservice_list(include_inactive=True)]


def test_a_service_without_a_page_links_nowhere_and_a_wrong_url_name_is_refused():
    from django.core.exceptions import ValidationError

    service = eservice_get(code="inquiry")
    service.url_name = ""
    assert service.page_url() is None
    service.url_name = "portal:contact"
    assert service.page_url() == "/contact/"
    service.url_name = "nowhere:at-all"
    with pytest.raises(ValidationError):
        service.clean()


def test_permit_and_package_services_link_to_their_pages():
    assert eservice_get(code="rawdah_women").page_url() == "/permits/rawdah_women/"
    assert eservice_get(code="hajj").page_url() == "/permits/hajj/"
    assert eservice_get(code="hajj_package").page_url() == "/packages/"
