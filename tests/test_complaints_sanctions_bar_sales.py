"""A provider suspended for seasons, or whose licence is revoked, cannot sell packages: an
order is refused with a translated reason; a suspension that ended, or a warning or fine,
does not stop sales."""

from decimal import Decimal

import pytest
from django.utils import translation

from complaints import services
from packages.errors import PackageError
from packages.models import Contract, Season
from tests.factories.accounts import PilgrimFactory
from tests.factories.complaints import NOW, monitor
from tests.factories.packages import PackageFactory, ordered_contract, seeded_season

pytestmark = pytest.mark.django_db


@pytest.fixture
def package():
    seeded_season(1445)
    return PackageFactory()  # a 1448 package


def sanction(package, kind, **details):
    return services.sanction_impose(provider=package.provider, kind=kind, acting_user=monitor(),
                                    reason="Repeated upheld complaints.", now=NOW, **details)


def order(package):
    return ordered_contract(pilgrim=PilgrimFactory(), package=package, now=NOW)


def refusal(package):
    with translation.override("en"):
        with pytest.raises(PackageError) as caught:
            order(package)
        return caught.value.code, str(caught.value.message)


def test_a_provider_suspended_for_this_season_cannot_sell(package):
    # Seasons are Hijri years: from 1445 for four seasons covers 1445 to 1448.
    sanction(package, "suspension", seasons=4, from_season=Season.objects.get(year=1445))
    code, message = refusal(package)
    assert code == "provider_suspended"
    assert message == (f"{package.provider.public_name} is suspended by the ministry for the "
                       "1448 season and cannot sell packages.")
    assert not Contract.objects.exists()


def test_a_suspension_without_a_first_season_counts_from_the_year_it_was_decided(package):
    sanction(package, "suspension", seasons=1)  # decided in 1448
    assert refusal(package)[0] == "provider_suspended"


def test_a_suspension_that_ended_before_the_season_does_not_stop_sales(package):
    sanction(package, "suspension", seasons=3, from_season=Season.objects.get(year=1445))
    assert order(package).status == "ordered"


def test_a_provider_whose_licence_is_revoked_cannot_sell(package):
    sanction(package, "revocation")
    code, message = refusal(package)
    assert code == "provider_revoked"
    assert message == (f"The licence of {package.provider.public_name} has been revoked; it "
                       "cannot sell packages.")


def test_a_warning_or_a_fine_does_not_stop_sales(package):
    sanction(package, "warning")
    sanction(package, "fine", fine_amount=Decimal("5000"))
    assert order(package).status == "ordered"


def test_the_api_refuses_the_order_with_the_code_and_the_reason(client, plain_http, package):
    sanction(package, "revocation")
    client.force_login(PilgrimFactory())
    response = client.post("/api/v1/packages/contracts/", {
        "package": package.pk, "payment_plan": "full", "acknowledge_channels": True,
        "identity_expires_on": "2030-01-01", "companions": []},
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json() == {"code": "provider_revoked", "detail": (
        f"The licence of {package.provider.public_name} has been revoked; it cannot sell "
        "packages.")}
