"""The public compensation calculator page: anyone, in Arabic or English, gets the amount the
API answers (the same annex cell and function), with the rule applied; bad input is a 400
with a translated reason, never a 500."""

import pytest
from django.utils.html import escape

from tests.factories.compensation import seeded_annex

pytestmark = pytest.mark.django_db
URL = "/compensation/calculator/"
API = "/api/v1/compensation/quote/"
INPUT = {"season": 1445, "package_value": "10000.00", "item": "camp_services",
         "failure": "late", "occurrence": 1}


@pytest.fixture(autouse=True)
def annex(plain_http):
    seeded_annex(1445)


def get(client, language="en", **changes):
    return client.get(URL, {**INPUT, **changes}, HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("language, title", [("en", "Compensation calculator"),
                                             ("ar", "حاسبة التعويض")])
def test_the_empty_form_renders_for_anyone(client, language, title):
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    page = response.content.decode()
    assert title in page and 'id="compensation-result"' not in page


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("changes", [{}, {"occurrence": 2}, {"item": "makkah_housing",
                                                              "failure": "not_delivered"}])
def test_the_result_is_what_the_api_answers(client, language, changes):
    api = client.post(API, {**INPUT, **changes}, content_type="application/json",
                      HTTP_ACCEPT_LANGUAGE=language).json()
    response = get(client, language, **changes)
    assert response.status_code == 200
    page = response.content.decode()
    amount = page[page.index('data-amount="compensation"'):]
    digits = "".join(ch for ch in amount[:amount.index("</p>")] if ch.isdigit())
    assert digits == api["amount"].replace(".", "")
    assert escape(api["rule"]) in page


@pytest.mark.parametrize("changes", [
    {"package_value": "-1"},
    {"package_value": "1e400"},
    {"package_value": "ten thousand"},
    {"package_value": "NaN"},
    {"package_value": "Infinity"},
    {"occurrence": "0"},
    {"occurrence": "-3"},
    {"occurrence": "1" * 30},
    {"item": "spa"},
    {"failure": "rude"},
    {"season": "1300"},
    {"season": "1445.5"},
    {"season": "99999999999999999999"},
])
def test_nonsense_is_a_400_with_a_translated_reason(client, changes):
    english = get(client, **changes)
    arabic = get(client, "ar", **changes)
    assert (english.status_code, arabic.status_code) == (400, 400)
    reason = _errors(english.content.decode())
    assert reason and reason != _errors(arabic.content.decode())


def test_a_cell_the_annex_lacks_is_refused_with_its_reason(client):
    from compensation.models import AnnexRule

    AnnexRule.objects.filter(season_id=1445, item="camp_services", failure="late").delete()
    response = get(client)
    assert response.status_code == 400
    assert "has no rule for" in response.content.decode()


def test_the_page_shares_the_api_limiter(client):
    statuses = [get(client).status_code for _ in range(31)]
    assert statuses[-1] == 429 and 200 in statuses


def _errors(page):
    return [part.split("</div>")[0] for part in page.split('class="invalid-feedback d-block">')[1:]
            ] + [part.split("</div>")[0] for part in page.split('role="alert"><div>')[1:]]
