"""Every pilgrim page, public and signed in, in Arabic and English, at a desktop's width and
a phone's (390x844), passes axe-core with no serious or critical violation (contrast, labels
tied to their inputs, names of links and buttons, landmarks); so do the staff's admin pages
(the dashboard, a list, a complaint's own page). One browser context per language walks them
all, each page loaded once and checked at both widths: axe takes about half a second a
check, the pages themselves less."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import roles
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.complaints import eservices_seeded, filed_complaint
from tests.factories.packages import ordered_contract, package_on_sale_today
from tests.factories.permits import SlotFactory
from tests.factories.servicedesk import desk_request_file, desk_seed
from tests.fixtures.browser import WIDTHS

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


STAFF_PAGES = [
    "/admin/",
    "/admin/complaints/complaint/",
    "/admin/complaints/complaint/{complaint}/change/",
]


def violations_on(browser_page, pages, ids):
    """{"path (width)": violations} of the pages, each loaded once and checked at a
    desktop's width, then a phone's."""
    found = {}
    for template in pages:
        path = template.format(**ids)
        response = browser_page.goto(path)
        assert response.status == 200, path
        for width in ("desktop", "phone"):
            browser_page.set_viewport_size(WIDTHS[width])
            if violations := browser_page.axe_violations():
                found[f"{path} ({width})"] = violations
        browser_page.set_viewport_size(WIDTHS["desktop"])
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


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_no_staff_admin_page_has_a_serious_accessibility_violation(axe, browser_page):
    roles.sync_role_groups()  # the groups' grants, flushed after the previous live test
    complaint = filed_complaint(now=timezone.now())
    browser_page.log_in_staff(StaffUserFactory(role=roles.MINISTRY_ADMIN))

    found = violations_on(browser_page, STAFF_PAGES, {"complaint": complaint.pk})

    # (Whether the admin's pages keep the strict CSP is the admin's own browser tests' part.)
    assert found == {}
