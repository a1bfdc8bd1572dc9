"""A message names the package and the provider in the reader's language: an English SMS
never carries the Arabic name, whatever language the objects were read in; where a name has
no translation in that language, the provider's legal name stands in."""

import datetime

import pytest
from django.utils import translation

from accounts.models import PilgrimProfile
from notifications.models import SmsMessage
from portal.calendars import RIYADH
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import PackageFactory, ordered_contract

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH)


def named(obj, field, **by_language):
    for language, value in by_language.items():
        obj.set_current_language(language)
        setattr(obj, field, value)
        obj.save()


def package_named_in_both():
    package = PackageFactory(provider__name="Legal Co")
    named(package, "name", en="Mina gold", ar="باقة منى الذهبية")
    named(package.provider, "display_name", en="Services Co", ar="شركة الخدمات")
    return package


def order_sms(language):
    """The SMS of an order placed from a page read in Arabic, to a reader of `language`."""
    pilgrim = PilgrimFactory()
    PilgrimProfile.objects.filter(user=pilgrim).update(preferred_language=language)
    with translation.override("ar"):
        contract = ordered_contract(pilgrim=pilgrim, package=package_named_in_both(), now=NOW)
    return {sms.idempotency_key.rsplit(":", 1)[1]: sms.text for sms in
            SmsMessage.objects.filter(idempotency_key__startswith=(
                f"packages:contract:{contract.pk}:"))}


def test_an_english_message_names_the_package_and_provider_in_english():
    told = order_sms("en")
    assert "Mina gold" in told["ordered"] and "منى" not in told["ordered"]
    assert "Services Co" in told["provider_channel"]
    assert "شركة" not in told["provider_channel"]


def test_an_arabic_message_names_the_package_and_provider_in_arabic():
    told = order_sms("ar")
    assert "باقة منى الذهبية" in told["ordered"]
    assert "شركة الخدمات" in told["provider_channel"]


def test_a_provider_without_an_english_name_is_named_by_its_legal_name():
    provider = package_named_in_both().provider
    provider.delete_translation("en")
    assert provider.public_name_in("en") == "Legal Co"
    assert provider.public_name_in("ar") == "شركة الخدمات"
