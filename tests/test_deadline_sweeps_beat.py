"""Each deadline sweep runs on the beat, every interval its setting says, through a thin
task that calls the app's service."""

from datetime import timedelta

import pytest
from django.conf import settings

from permits import tasks as permit_tasks
from servicedesk import tasks as desk_tasks


@pytest.mark.parametrize("entry, task, interval", [
    ("servicedesk-escalate-overdue", "servicedesk.tasks.escalate_overdue_desk_requests",
     "SERVICEDESK_ESCALATION_SWEEP_SECONDS"),
    ("permits-flag-overdue-hajj-requests", "permits.tasks.flag_overdue_hajj_requests",
     "PERMITS_HAJJ_OVERDUE_SWEEP_SECONDS"),
])
def test_the_sweep_is_on_the_beat_at_its_setting(entry, task, interval):
    scheduled = settings.CELERY_BEAT_SCHEDULE[entry]

    assert scheduled["task"] == task
    assert scheduled["schedule"] == timedelta(seconds=getattr(settings, interval))


@pytest.mark.django_db
def test_the_tasks_run_the_sweeps():
    assert desk_tasks.escalate_overdue_desk_requests() == 0
    assert permit_tasks.flag_overdue_hajj_requests() == 0
