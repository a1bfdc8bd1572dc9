"""A figure that misses its target shows amber or red WITH its cause on the monitor
dashboard: the figure against its target and how many transactions (surveys) behind it
fall short, in the monitor's language, plural-aware, linking to the drill-down of those
transactions. A figure on target shows no cause."""

from datetime import datetime, timedelta

import pytest

from accounts import roles
from portal.calendars import RIYADH
from sla.services import rollup_rebuild
from tests.factories.accounts import StaffUserFactory
from tests.factories.sla import SurveyFactory, TransactionFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=RIYADH)
NEXT_MONDAY = MONDAY + timedelta(days=7)
RANGE = "start=2026-11-23&end=2026-11-30"


@pytest.fixture
def page(client):
    # Umrah: 10 surveys, 3 of them below 4: satisfaction 70% against 93.71%.
    for number, rating in enumerate([5, 5, 5, 5, 4, 4, 4, 3, 2, 1]):
        SurveyFactory(rating=rating, transaction=TransactionFactory(
            service_code="umrah", reference=f"U-{number}",
            started_at=MONDAY + timedelta(minutes=number)))
    # Hajj: Monday to Monday, five working days against three.
    TransactionFactory(service_code="hajj", reference="HJ-slow", started_at=MONDAY,
                       duration=NEXT_MONDAY - MONDAY)
    rollup_rebuild(first_day=MONDAY.date(), last_day=NEXT_MONDAY.date())
    client.force_login(StaffUserFactory(role=roles.MONITOR))

    def get(language):
        return client.get(f"/sla/monitor/?{RANGE}",
                          HTTP_ACCEPT_LANGUAGE=language).content.decode()
    return get


def cause_of(page, service, metric):
    row = page.split(f'data-service="{service}"')[1].split("</tr>")[0]
    if f'data-cause="{metric}"' not in row:
        return None
    return row.split(f'data-cause="{metric}"')[1].split("</div>")[0]


def test_a_missed_satisfaction_target_names_the_surveys_below_the_rating_in_english(page):
    cause = cause_of(page("en"), "umrah", "satisfaction")
    assert "Satisfaction 70.0% against 93.7%: 3 of 10 surveys below 4" in cause
    assert ('href="/sla/monitor/transactions/?start=2026-11-23&amp;end=2026-11-30&amp;'
            'service=umrah&amp;rated=on"') in cause


def test_a_missed_processing_target_counts_the_transactions_over_it_in_english(page):
    cause = cause_of(page("en"), "hajj", "processing")
    assert "against 3 working days: 1 transaction over target" in cause
    assert "service=hajj&amp;outcome=completed" in cause


def test_the_causes_are_told_in_arabic(page):
    arabic = page("ar")
    assert "3 من 10 استبيانات دون 4" in cause_of(arabic, "umrah", "satisfaction")
    assert "مقابل 3 أيام عمل: 1 معاملة تجاوزت المستهدف" in cause_of(arabic, "hajj",
                                                                     "processing")


def test_a_figure_on_target_tells_no_cause(page):
    english = page("en")
    assert cause_of(english, "umrah", "completion") is None  # 100% of 10 completed
    assert cause_of(english, "umrah", "processing") is None  # 20 s against one minute
