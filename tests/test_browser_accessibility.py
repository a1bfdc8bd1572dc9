"""Every pilgrim page, public and signed in, in Arabic and English, passes axe-core with no
serious or critical violation (contrast, labels tied to their inputs, names of links and
buttons, landmarks). One browser context per language walks them all: axe takes about half
a second a page, the pages themselves less."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.accounts import PilgrimFactory
from tests.factories.complaints import eservices_seeded
from tests.factories.packages import ordered_contract, package_on_sale_today
from tests.factories.permits import SlotFactory
from tests.factories.servicedesk import desk_request_file, desk_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    "/",
    "/e-services/",
    "/contact/",
    "/maintenance/",
    "/permits/",
    "/packages/",
    "/packages/{package}/",
    "/sla/service-levels/",
    "/sla/providers/",
    "/refunds/calculator/",
    "/compensation/calculator/",
    "/servicedesk/inquiry/",
    "/accounts/login/",
    "/accounts/signup/",
]
SIGNED_IN_PAGES = [
    "/dashboard/",
    "/e-services/",
    "/permits/",
    "/permits/rawdah_men/",
    "/permits/slot/{slot}/book/",
    "/permits/mine/",
    "/packages/",
    "/packages/{package}/",
    "/packages/{package}/order/",
    "/packages/contracts/",
    "/packages/contracts/{contract}/",
    "/complaints/",
    "/complaints/new/",
    "/servicedesk/",
    "/servicedesk/new/",
    "/servicedesk/{desk_request}/",
    "/profile/",
    "/profile/edit/",
    "/transfers/",
    "/refunds/calculator/",
    "/compensation/calculator/",
    "/sla/service-levels/",
]


def violations_on(browser_page, pages, ids):
    found = {}
    for template in pages:
        path = template.format(**ids)
        response = browser_page.goto(path)
        assert response.status == 200, path
        if violations := browser_page.axe_violations():
            found[path] = violations
    return found


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_no_pilgrim_page_has_a_serious_accessibility_violation(axe, browser_page, rawdah_men):
    eservices_seeded()
    desk_seed()
    pilgrim = PilgrimFactory()
    package = package_on_sale_today()
    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    slot = SlotFactory(
        service=rawdah_men,
        starts_at=start + timedelta(days=2),
        ends_at=start + timedelta(days=2, minutes=10),
        capacity=5,
    )
    contract = ordered_contract(pilgrim=pilgrim, package=package, now=timezone.now())
    desk_request = desk_request_file(user=pilgrim)
    ids = {
        "package": package.pk,
        "slot": slot.pk,
        "contract": contract.pk,
        "desk_request": desk_request.reference,
    }

    found = violations_on(browser_page, PUBLIC_PAGES, ids)
    browser_page.log_in(pilgrim)
    found |= {
        f"{path} (signed in)": violations
        for path, violations in violations_on(browser_page, SIGNED_IN_PAGES, ids).items()
    }

    assert found == {}
    assert browser_page.csp_violations == []
