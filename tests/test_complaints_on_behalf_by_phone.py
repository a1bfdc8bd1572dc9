"""A pilgrim who only phones is not stuck: from the complaint's admin page a care-centre agent
(or a ministry administrator) records the steps only the pilgrim takes (confirm the fix,
reopen, escalate now, reply to a question, which restarts the paused clock) through the
pilgrim's own services. The step names the agent and says "by phone, on the pilgrim's
behalf"; the pilgrim gets exactly the SMS their own online step sends. A provider's staff
may not act as the pilgrim, and no step is taken in a state the pilgrim could not take it in.
"""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from accounts import roles
from complaints import services
from complaints.models import Channel, Complaint, Status, Transition
from notifications.models import SmsMessage
from portal import calendars
from tests.factories.accounts import StaffUserFactory
from tests.factories.complaints import care_agent, contract_for, monitor, provider_staff_for

pytestmark = pytest.mark.django_db
Kind = Transition.Kind
BY_PHONE = "By phone, on the pilgrim's behalf."


@pytest.fixture
def twins(plain_http):
    """The same failure complained of twice by one pilgrim: once online, once by phone to
    the care centre (logged by an agent). The web twin takes each step itself online."""
    now = timezone.now()
    contract = contract_for(now=now)

    def file(**kwargs):
        return services.complaint_file(
            acting_user=contract.pilgrim, contract=contract, item="makkah_housing",
            failure="late", description="Not housed.", occurred_at=now - timedelta(minutes=5),
            **kwargs)

    return file(), file(channel=Channel.PHONE, logged_by=care_agent())


def resolved(*complaints):
    for complaint in complaints:
        services.complaint_resolve(complaint=complaint, acting_user=provider_staff_for(complaint),
                                   note="Housed in room 9.")


def overdue(*complaints):
    for complaint in complaints:
        Complaint.objects.filter(pk=complaint.pk).update(
            fix_due_at=timezone.now() - timedelta(minutes=1))


def asked(*complaints):
    for complaint in complaints:
        services.complaint_request_info(complaint=complaint,
                                        acting_user=provider_staff_for(complaint),
                                        question="Which hotel were you sent to?")


def page(complaint, admin="complaint"):
    return f"/admin/complaints/{admin}/{complaint.pk}/change/"


def press(user, complaint, action, note=None, admin="complaint", language="en"):
    """Open the complaint's admin page as `user` and submit the action's own form, CSRF
    token included (the client enforces it)."""
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    html = client.get(page(complaint, admin)).content.decode()
    form = re.search(rf'<form[^>]*id="object-action-{action}".*?</form>', html, re.S)
    assert form is not None, f"no {action} button on the page"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(0)).group(1)
    url = re.search(r'action="([^"]+)"', form.group(0)).group(1)
    data = {"csrfmiddlewaretoken": token}
    if note is not None:
        data[f"{action}-note"] = note
    return client.post(url, data, follow=True)


def post(user, complaint, action, note=None, admin="complaint", language="en"):
    """Post straight to the action's URL, as someone offered no button would have to."""
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    data = {f"{action}-note": note} if note is not None else {}
    return client.post(f"/admin/complaints/{admin}/{complaint.pk}/act/{action}/", data,
                       follow=True)


def online(complaint, step, reason=""):
    """The pilgrim's own step on the complaint's page of the portal."""
    client = Client()
    client.force_login(complaint.pilgrim)
    if step == "reply":
        url, data = f"/complaints/{complaint.number}/", {"text": reason}
    else:
        url, data = f"/complaints/{complaint.number}/{step}/", {"reason": reason}
    assert client.post(url, data).status_code == 302


def last_sms(complaint):
    """The pilgrim's last SMS about the complaint, its own number and deadline blanked."""
    complaint.refresh_from_db()
    row = SmsMessage.objects.filter(about_object_id=str(complaint.pk)).latest("pk")
    with translation.override(row.language):
        deadline = calendars.format_dual_datetime(complaint.fix_due_at)
    return row.text.replace(complaint.number, "#").replace(deadline, "<deadline>")


def sms_count(complaint):
    return SmsMessage.objects.filter(about_object_id=str(complaint.pk)).count()


def last_step(complaint):
    return complaint.transitions.latest("pk")


def test_an_agent_records_the_pilgrims_confirmation_by_phone(twins):
    web, phone = twins
    resolved(web, phone)
    agent = care_agent()

    online(web, "confirm")
    response = press(agent, phone, "pilgrim_confirms")

    assert response.status_code == 200
    web.refresh_from_db()
    phone.refresh_from_db()
    assert web.status == phone.status == Status.CONFIRMED and phone.closed_at is not None
    step = last_step(phone)
    assert (step.kind, step.actor, step.note) == (Kind.CONFIRMED, agent, BY_PHONE)
    assert last_sms(phone) == last_sms(web)


def test_an_agent_records_the_pilgrims_reopening_with_what_they_said(twins):
    web, phone = twins
    resolved(web, phone)
    agent = care_agent()

    online(web, "reopen", "Still no room.")
    press(agent, phone, "pilgrim_reopens", note="Still no room.")

    web.refresh_from_db()
    phone.refresh_from_db()
    assert web.status == phone.status == Status.IN_PROGRESS and phone.resolved_at is None
    assert phone.fix_due_at > timezone.now()  # a fresh corrective period, as online
    step = last_step(phone)
    assert (step.kind, step.actor) == (Kind.REOPENED, agent)
    assert step.note == "By phone, on the pilgrim's behalf: Still no room."
    assert last_sms(phone) == last_sms(web)


def test_an_agent_records_the_pilgrims_escalate_now_once_the_period_passed(twins):
    web, phone = twins
    overdue(web, phone)
    agent = care_agent()

    online(web, "escalate")
    press(agent, phone, "pilgrim_escalates", note="")

    web.refresh_from_db()
    phone.refresh_from_db()
    assert web.status == phone.status == Status.ESCALATED
    assert not phone.escalated_automatically
    step = last_step(phone)
    assert (step.kind, step.actor, step.note) == (Kind.ESCALATED, agent, BY_PHONE)
    assert last_sms(phone) == last_sms(web)


def test_the_pilgrims_reply_by_phone_restarts_the_paused_clock_as_their_own_does(twins):
    web, phone = twins
    asked(web, phone)
    before = {c.pk: Complaint.objects.get(pk=c.pk).fix_due_at for c in twins}
    agent = care_agent()

    online(web, "reply", "The Al-Safwa hotel.")
    press(agent, phone, "pilgrim_replies", note="The Al-Safwa hotel.")

    for complaint in (web, phone):
        complaint.refresh_from_db()
        assert complaint.status == Status.ACKNOWLEDGED  # the state it was paused in
        assert complaint.paused_at is None
        assert complaint.fix_due_at > before[complaint.pk]  # the wait is added
    step = last_step(phone)
    assert (step.kind, step.actor) == (Kind.REPLIED, agent)
    assert step.note == "By phone, on the pilgrim's behalf: The Al-Safwa hotel."
    assert "the clock runs again" in str(services.RESUMED_SMS)
    assert last_sms(phone) == last_sms(web)


def test_the_pilgrims_reply_by_phone_reaches_the_ministrys_review(twins):
    _web, phone = twins
    overdue(phone)
    services.complaints_escalate_overdue(now=timezone.now())
    admin = StaffUserFactory(role=roles.MINISTRY_ADMIN)
    texts = sms_count(phone)

    press(admin, phone, "pilgrim_replies", note="I have the receipts.",
          admin="escalatedcomplaint")

    step = last_step(phone)
    assert (step.kind, step.actor) == (Kind.REPLIED, admin)
    assert sms_count(phone) == texts  # as online: a pilgrim is not told of their own message


def test_the_agents_step_is_in_the_audit_history_as_theirs(twins):
    _web, phone = twins
    resolved(phone)
    agent = care_agent()

    press(agent, phone, "pilgrim_confirms")

    metadata = phone.events.order_by("pgh_id").last().pgh_context.metadata
    assert metadata["user"] == agent.pk
    assert metadata["why"] == BY_PHONE


def test_a_providers_staff_may_not_act_as_the_pilgrim(twins):
    _web, phone = twins
    resolved(phone)
    staff = provider_staff_for(phone)
    texts, steps = sms_count(phone), phone.transitions.count()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(staff)

    shown = client.get(page(phone)).content.decode()
    response = post(staff, phone, "pilgrim_confirms", language="ar")

    assert 'id="object-action-pilgrim_confirms"' not in shown
    assert 'id="object-action-pilgrim_reopens"' not in shown
    assert response.status_code == 403
    assert ("لا يسجّل خطوات الحاج نيابةً عنه إلا موظفو مركز العناية ومسؤولو الوزارة."
            in response.content.decode())
    phone.refresh_from_db()
    assert phone.status == Status.RESOLVED
    assert (sms_count(phone), phone.transitions.count()) == (texts, steps)


def test_a_monitor_may_not_act_as_the_pilgrim_either(twins):
    _web, phone = twins
    overdue(phone)
    services.complaints_escalate_overdue(now=timezone.now())
    steps = phone.transitions.count()

    response = post(monitor(), phone, "pilgrim_replies", note="x",
                    admin="escalatedcomplaint")

    assert response.status_code == 403
    assert phone.transitions.count() == steps


def test_the_refusal_says_why_in_the_staff_members_language(twins):
    _web, phone = twins
    resolved(phone)

    response = post(provider_staff_for(phone), phone, "pilgrim_confirms", language="en")

    assert ("Only care-centre agents and ministry administrators record a pilgrim&#x27;s step "
            "on their behalf.") in response.content.decode()


def test_a_step_is_offered_only_in_the_states_the_pilgrim_could_take_it(twins):
    _web, phone = twins  # received: nothing to confirm, and the provider has time left
    agent = care_agent()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(agent)

    shown = client.get(page(phone)).content.decode()

    assert 'id="object-action-pilgrim_confirms"' not in shown
    assert 'id="object-action-pilgrim_reopens"' not in shown
    assert 'id="object-action-pilgrim_escalates"' not in shown
    assert 'id="object-action-pilgrim_replies"' in shown


def test_a_step_posted_in_the_wrong_state_is_refused_and_changes_nothing(twins):
    _web, phone = twins
    agent = care_agent()
    texts, steps = sms_count(phone), phone.transitions.count()

    confirmed = post(agent, phone, "pilgrim_confirms")
    escalated = post(agent, phone, "pilgrim_escalates", note="")

    shown = [str(m) for r in (confirmed, escalated) for m in r.context["messages"]]
    assert any("it cannot be confirmed now" in text for text in shown), shown
    assert any("The provider has until" in text for text in shown), shown
    phone.refresh_from_db()
    assert phone.status == Status.SUBMITTED
    assert (sms_count(phone), phone.transitions.count()) == (texts, steps)


def test_reopening_by_phone_needs_what_the_pilgrim_said(twins):
    _web, phone = twins
    resolved(phone)

    response = post(care_agent(), phone, "pilgrim_reopens", note="  ", language="ar")

    phone.refresh_from_db()
    assert phone.status == Status.RESOLVED
    shown = [str(m) for m in response.context["messages"]]
    assert any("هذا الحقل مطلوب" in text for text in shown), shown
