"""The public refund calculator page: anyone, in Arabic or English, gets the same refund the
API answers (the same computation), with the rule applied and the date in both calendars;
bad input is a 400 with a translated reason, never a 500."""

import pytest
from django.utils.html import escape

from tests.factories.packages import seeded_season

pytestmark = pytest.mark.django_db
URL = "/refunds/calculator/"
API = "/api/v1/refunds/quote/"
INPUT = {"season": 1445, "contract_value": "10000.00", "clients": 1,
         "cancel_date": "2024-04-24", "permit_state": "printed"}


@pytest.fixture(autouse=True)
def _season(plain_http):
    seeded_season(1445)


def get(client, language="en", **changes):
    return client.get(URL, {**INPUT, **changes}, HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("language, title", [("en", "Refund calculator"),
                                             ("ar", "حاسبة الاسترداد")])
def test_the_empty_form_renders_for_anyone(client, language, title):
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    page = response.content.decode()
    assert title in page
    assert 'id="refund-result"' not in page
    assert '<option value="1445"' in page


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_result_is_what_the_api_answers(client, language):
    api = client.post(API, INPUT, content_type="application/json",
                      HTTP_ACCEPT_LANGUAGE=language).json()
    response = get(client, language)
    assert response.status_code == 200
    page = response.content.decode()
    result = page[page.index('id="refund-result"'):]
    refund = result[result.index('data-amount="refund"'):]
    # The numbers are localised (Arabic uses its own separators): compare the digits.
    digits = "".join(ch for ch in refund[:refund.index("</p>")] if ch.isdigit())
    assert digits == api["refund"].replace(".", "")
    assert escape(api["rule"]) in page  # the rule's own translated text
    assert ("1445" in result) and ("2024" in result)  # the date in both calendars


@pytest.mark.parametrize("changes", [
    {"contract_value": "-5"},
    {"contract_value": "9" * 40},
    {"contract_value": "abc"},
    {"clients": "0"},
    {"clients": "99999999999999999999999"},
    {"clients": "20"},
    {"permit_state": "lost"},
    {"season": "1399"},
    {"season": "abc"},
    {"cancel_date": "yesterday"},
    {"cancel_date": "0001-01-01"},
    {"cancel_date": "9999-12-31"},
    {"cancel_date": "2024-06-20"},
])
def test_nonsense_is_a_400_with_a_translated_reason(client, changes):
    english = get(client, **changes)
    arabic = get(client, "ar", **changes)
    assert (english.status_code, arabic.status_code) == (400, 400)
    assert 'id="refund-result"' not in english.content.decode()
    reason = _errors(english.content.decode())
    assert reason and reason != _errors(arabic.content.decode())


def test_a_negative_value_gets_the_domain_reason(client):
    assert "The contract value cannot be negative." in get(client, contract_value="-5"
                                                           ).content.decode()


def test_the_page_shares_the_api_limiter(client):
    statuses = [get(client).status_code for _ in range(31)]
    assert statuses[-1] == 429 and 200 in statuses


def _errors(page):
    return [part.split("</div>")[0] for part in page.split('class="invalid-feedback d-block">')[1:]
            ] + [part.split("</div>")[0] for part in page.split('role="alert"><div>')[1:]]
