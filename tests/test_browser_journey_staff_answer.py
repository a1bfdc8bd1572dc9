"""Staff answer in the admin, the pilgrim reads it, in a real browser, in Arabic and English,
at a phone's width and a desktop's: a pilgrim's question waits in the desk queue; a
care-centre expert signs in to the admin with their second factor, opens the request from
the queue, answers on its page and resolves it (the page's own actions); the pilgrim's page of the
request then shows the expert's answer and the new state."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from servicedesk.models import DeskRequest
from servicedesk.services import expert_team_grant_permissions
from tests.factories.accounts import PilgrimFactory
from tests.factories.servicedesk import desk_request_file, desk_seed, expert_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER = "Your deposit document is re-issued: find it under My Hajj contracts."


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_an_expert_answers_in_the_admin_and_the_pilgrim_reads_it(
        browser_page, another_browser, journey):
    language = journey.language
    _request_type, topic = desk_seed()
    expert_team_grant_permissions(team=topic.team)  # the grants flushed with the last test
    pilgrim = PilgrimFactory()
    desk_request = desk_request_file(user=pilgrim, subject="Deposit document")

    staff = another_browser(language, "staff")
    staff.set_viewport_size(journey.size)
    staff.log_in_staff(expert_create(team=topic.team))
    staff.goto("/admin/servicedesk/deskrequest/")
    staff.look(f"{language}-queue")
    staff.get_by_role("link", name=desk_request.reference, exact=True).click()
    expect(staff.page).to_have_url(re.compile(rf"/admin/servicedesk/deskrequest/{desk_request.pk}/"))
    expect(staff.locator("main, #content").first).to_contain_text("My deposit document is missing.")
    # The request's own page: answer, then resolve, each its own action (no Save button).
    expect(staff.locator("input[name=_save]")).to_have_count(0)
    staff.locator("#id_answer-note").fill(ANSWER)
    staff.look(f"{language}-answer")
    staff.locator("#object-action-answer input[type=submit]").click()
    expect(staff.locator(".messagelist li").first).to_be_visible()
    staff.locator("#object-action-resolve input[type=submit]").click()
    expect(staff.locator(".messagelist li").first).to_be_visible()
    assert staff.csp_violations == []
    desk_request.refresh_from_db()
    assert desk_request.status == DeskRequest.Status.RESOLVED

    browser_page.set_viewport_size(journey.size)
    browser_page.log_in(pilgrim)
    browser_page.goto(f"/servicedesk/{desk_request.reference}/")
    journey.expect_direction(browser_page)
    answer = browser_page.locator("#desk-conversation li").last
    expect(answer).to_contain_text(ANSWER)
    with translation.override(language):
        expect(answer).to_contain_text(translation.gettext("Expert"))
    expect(browser_page.locator("#desk-status")).to_have_text(journey.label(desk_request))
    browser_page.look(f"{language}-answered")
    assert browser_page.csp_violations == []
