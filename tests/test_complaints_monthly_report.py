"""The monthly report for the national complaints systems: figures of the month from the
complaints and suggestions (cases inside and outside it, within and past target), a CSV with
localized headers, a PDF that parses, made once by the beat, downloadable by monitors only."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from complaints import services
from complaints.models import MonthlyReport, ReportingAuthority
from complaints.selectors import monthly_report_figures
from portal.calendars import RIYADH
from servicedesk import services as desk_services
from tests.factories.accounts import PilgrimFactory
from tests.factories.complaints import filed_complaint, monitor, provider_staff_for
from tests.factories.servicedesk import (
    desk_request_file,
    expert_create,
    suggestion_type_create,
)

pytestmark = pytest.mark.django_db

NOVEMBER = date(2026, 11, 1)


def at(day, hour, minute=0, month=11):
    return datetime(2026, month, day, hour, minute, tzinfo=RIYADH)


def resolved(complaint, after):
    return services.complaint_resolve(complaint=complaint,
                                      acting_user=provider_staff_for(complaint),
                                      note="Fixed.", now=complaint.created_at + after)


def seeded_november():
    """Housing complaints (two hours' corrective period) and one suggestion."""
    resolved(filed_complaint(now=at(5, 10)), timedelta(hours=1))          # in time
    resolved(filed_complaint(now=at(10, 10)), timedelta(hours=3))         # late
    resolved(filed_complaint(now=at(31, 23, month=10)), timedelta(hours=1, minutes=30))
    referred = filed_complaint(now=at(22, 10))
    services.complaints_escalate_overdue(now=at(22, 12, 1))
    ministry = monitor()
    services.complaint_review_start(complaint=referred, acting_user=ministry, now=at(23, 9))
    services.complaint_decide(complaint=referred, acting_user=ministry, upheld=False,
                              reason="Housed as contracted.", now=at(23, 12))
    filed_complaint(now=at(3, 10, month=12))                               # next month
    suggestion_type_create()
    suggestion = desk_request_file(user=PilgrimFactory(), type_code="suggestion",
                                   topic_code="improvements", now=at(22, 10))
    desk_services.desk_request_resolve(request=suggestion,
                                       acting_user=expert_create(team=suggestion.team),
                                       note="Thank you, done.", now=at(24, 10))


def committee():
    return ReportingAuthority.objects.get(code="mohu-monitoring")


def test_the_ministrys_monitoring_committee_is_seeded():
    assert committee().safe_translation_getter("name", language_code="ar").startswith(
        "وزارة الحج والعمرة")


def test_the_figures_count_what_happened_in_the_month():
    seeded_november()
    rows = monthly_report_figures(authority=committee(), month=NOVEMBER)["rows"]
    # Received in November: the 5th, the 10th, the 22nd (not 31 October, not 3 December).
    # Resolved in November: those three and 31 October's (fixed on 1 November); within the
    # corrective period: the 5th's and 31 October's. Hours to the outcome: 1, 3, 1.5 and the
    # ministry's decision 26 hours after the 22nd's.
    assert rows["provider_complaints"] == {"received": 3, "referred": 1, "resolved": 4,
                                           "within_target": 2,
                                           "average_response_hours": 7.9}
    assert rows["suggestions"] == {"received": 1, "referred": 0, "resolved": 1,
                                   "within_target": 1, "average_response_hours": 48.0}
    assert rows["total"]["received"] == 4 and rows["total"]["resolved"] == 5


def test_the_csv_has_one_row_per_kind_and_localized_headers():
    seeded_november()
    report = services.monthly_report_generate(authority=committee(), month=NOVEMBER)
    lines = list(csv.reader(io.StringIO(bytes(report.csv_data).decode("utf-8-sig"))))
    assert lines[0][1:] == ["الواردة", "المحالة إلى الوزارة", "المحلولة",
                            "المحلولة ضمن المدة المستهدفة", "متوسط زمن الاستجابة (ساعات)"]
    assert [line[1] for line in lines[1:]] == ["3", "0", "1", "4"]


def test_the_pdf_parses_and_carries_the_month():
    seeded_november()
    report = services.monthly_report_generate(authority=committee(), month=NOVEMBER)
    reader = PdfReader(io.BytesIO(bytes(report.pdf_data)))
    assert len(reader.pages) >= 1
    assert "2026-11" in reader.metadata.title


def test_the_beat_makes_last_months_report_once_even_when_run_twice():
    seeded_november()
    assert services.monthly_reports_generate(now=at(1, 1, 30, month=12)) == 1
    assert services.monthly_reports_generate(now=at(1, 1, 31, month=12)) == 0
    assert MonthlyReport.objects.get().month == NOVEMBER


def test_staff_regenerate_a_chosen_month_by_hand():
    services.monthly_reports_generate(now=at(1, 1, 30, month=12))
    seeded_november()
    call_command("complaints_monthly_report", "--month", "2026-11", stdout=io.StringIO())
    report = MonthlyReport.objects.get()
    assert report.figures["rows"]["provider_complaints"]["received"] == 3


def test_only_ministry_monitors_download_the_reports(client):
    report = services.monthly_report_generate(authority=committee(), month=NOVEMBER)
    url = f"/complaints/reports/{report.pk}.pdf"
    client.force_login(monitor())
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    for user in (PilgrimFactory(), provider_staff_for(filed_complaint())):
        client.force_login(user)
        assert client.get(url).status_code == 403
