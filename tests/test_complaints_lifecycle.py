"""A complaint's life: number and SMS at once, every transition recorded with who, when and
why, an SMS at each, and only the allowed moves."""

from datetime import timedelta

import pytest
from django.utils import translation

from complaints import services
from complaints.errors import ComplaintError
from complaints.models import Channel, Complaint, Status, Transition
from notifications.models import SmsMessage
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.complaints import (
    NOW,
    care_agent,
    contract_for,
    filed_complaint,
    monitor,
    png,
    provider_staff_for,
)

pytestmark = pytest.mark.django_db


def sms_about(complaint):
    return list(SmsMessage.objects.filter(about_object_id=str(complaint.pk),
                                          idempotency_key__startswith="complaints:")
                .order_by("pk"))


def test_a_filed_complaint_gets_its_number_and_an_sms_at_once():
    complaint = filed_complaint()
    assert complaint.number == f"CM1448-{complaint.pk:06d}"
    assert complaint.status == Status.SUBMITTED
    [sms] = sms_about(complaint)
    assert complaint.number in sms.text
    [step] = complaint.transitions.all()
    assert (step.kind, step.to_status, step.actor) == ("submitted", "submitted",
                                                       complaint.pilgrim)


def test_the_fix_deadline_is_the_items_corrective_period_from_the_annex():
    housing = filed_complaint(item="makkah_housing", failure="late")
    transport = filed_complaint(item="intercity_transport", failure="late")
    other = filed_complaint(item="other", failure="other")
    assert housing.fix_due_at == NOW + timedelta(hours=2)
    assert transport.fix_due_at == NOW + timedelta(hours=3)
    assert other.fix_due_at == NOW + timedelta(hours=2)  # the policy's default


def test_acknowledgement_is_due_by_the_end_of_the_same_working_day():
    complaint = filed_complaint()
    local = complaint.ack_due_at.astimezone(NOW.tzinfo)
    assert (local.date(), local.hour, local.minute) == (NOW.date(), 23, 59)


def test_complaints_after_the_seasons_last_day_are_refused_with_a_clear_message():
    contract = contract_for()
    last_day = contract.season.gregorian("complaints_until")
    after = NOW.replace(year=last_day.year, month=last_day.month, day=last_day.day) + timedelta(
        days=1)
    with pytest.raises(ComplaintError) as refused:
        filed_complaint(contract=contract, now=after)
    assert refused.value.code == "season_over"
    with translation.override("en"):
        message = str(refused.value.message)
    assert "until the end of 15 Muharram 1449 AH" in message
    assert "920002814" in message


def test_the_last_day_itself_is_still_accepted():
    contract = contract_for()
    last_day = contract.season.gregorian("complaints_until")
    late_evening = NOW.replace(year=last_day.year, month=last_day.month, day=last_day.day,
                               hour=23)
    assert filed_complaint(contract=contract, now=late_evening).number


def test_a_pilgrim_cannot_complain_on_someone_elses_contract():
    contract = contract_for()
    with pytest.raises(ComplaintError) as refused:
        services.complaint_file(acting_user=PilgrimFactory(), contract=contract,
                                item="arafat_lunch", failure="late", description="x",
                                occurred_at=NOW, now=NOW)
    assert refused.value.code == "not_your_contract"


def test_care_agents_log_complaints_received_elsewhere_with_the_channel():
    agent = care_agent()
    complaint = filed_complaint(channel=Channel.PHONE, logged_by=agent)
    assert (complaint.channel, complaint.logged_by) == ("phone", agent)
    assert complaint.transitions.get().actor == agent


def test_provider_staff_log_only_for_their_own_company():
    complaint = filed_complaint()
    own_staff = provider_staff_for(complaint)
    other_staff = StaffUserFactory(role="provider_staff")
    logged = filed_complaint(contract=complaint.contract, channel=Channel.WHATSAPP,
                             logged_by=own_staff)
    assert logged.channel == "whatsapp"
    with pytest.raises(ComplaintError) as refused:
        filed_complaint(contract=complaint.contract, channel=Channel.EMAIL,
                        logged_by=other_staff)
    assert refused.value.code == "channel_staff_only"


def test_a_pilgrim_alone_files_online_only():
    with pytest.raises(ComplaintError):
        filed_complaint(channel=Channel.IN_PERSON)


def test_the_provider_path_records_every_step_with_an_sms_each():
    complaint = filed_complaint()
    staff = provider_staff_for(complaint)
    services.complaint_acknowledge(complaint=complaint, acting_user=staff,
                                   now=NOW + timedelta(minutes=5))
    services.complaint_start(complaint=complaint, acting_user=staff,
                             now=NOW + timedelta(minutes=10))
    services.complaint_resolve(complaint=complaint, acting_user=staff, note="Housed in room 412.",
                               now=NOW + timedelta(minutes=50))
    done = services.complaint_confirm(complaint=complaint, acting_user=complaint.pilgrim,
                                      now=NOW + timedelta(hours=1))
    assert done.status == Status.CONFIRMED
    steps = list(complaint.transitions.values_list("kind", "from_status", "to_status"))
    assert steps == [("submitted", "", "submitted"),
                     ("acknowledged", "submitted", "acknowledged"),
                     ("started", "acknowledged", "in_progress"),
                     ("resolved", "in_progress", "resolved"),
                     ("confirmed", "resolved", "confirmed")]
    assert len(sms_about(complaint)) == 5
    resolved = complaint.transitions.get(kind="resolved")
    assert (resolved.actor, resolved.note) == (staff, "Housed in room 412.")
    assert not done.fixed_late and not hasattr(done, "claim")


def test_each_change_is_in_the_audit_history_with_its_actor_and_reason():
    complaint = filed_complaint()
    staff = provider_staff_for(complaint)
    services.complaint_resolve(complaint=complaint, acting_user=staff, note="Fixed the AC.",
                               now=NOW + timedelta(minutes=30))
    events = complaint.events.order_by("pgh_id")
    last = events.last()
    assert last.status == "resolved"
    assert last.pgh_context.metadata["user"] == staff.pk
    assert last.pgh_context.metadata["why"] == "Fixed the AC."


def test_reopening_gives_the_provider_a_fresh_corrective_period():
    complaint = filed_complaint()
    staff = provider_staff_for(complaint)
    services.complaint_resolve(complaint=complaint, acting_user=staff, note="Done.",
                               now=NOW + timedelta(minutes=30))
    reopened = services.complaint_reopen(complaint=complaint, acting_user=complaint.pilgrim,
                                         reason="Still no room.", now=NOW + timedelta(hours=1))
    assert reopened.status == Status.IN_PROGRESS
    assert reopened.fix_due_at == NOW + timedelta(hours=3)


def test_only_the_pilgrim_confirms_and_only_a_resolved_complaint():
    complaint = filed_complaint()
    with pytest.raises(ComplaintError) as refused:
        services.complaint_confirm(complaint=complaint, acting_user=complaint.pilgrim, now=NOW)
    assert refused.value.code == "bad_transition"
    with pytest.raises(ComplaintError):
        services.complaint_confirm(complaint=complaint, acting_user=PilgrimFactory(), now=NOW)


def test_another_companys_staff_cannot_touch_the_complaint():
    complaint = filed_complaint()
    with pytest.raises(ComplaintError) as refused:
        services.complaint_acknowledge(complaint=complaint,
                                       acting_user=StaffUserFactory(role="provider_staff"), now=NOW)
    assert refused.value.code == "not_allowed"


def test_the_ministry_upholds_with_reasons_and_a_claim_is_computed():
    complaint = filed_complaint(item="camp_services", failure="late")
    services.complaints_escalate_overdue(now=NOW + timedelta(hours=3))
    agent = care_agent()
    services.complaint_review_start(complaint=complaint, acting_user=agent,
                                    now=NOW + timedelta(hours=4))
    upheld = services.complaint_decide(complaint=complaint, acting_user=agent, upheld=True,
                                       reason="Photos show the camp without services.",
                                       now=NOW + timedelta(hours=5))
    assert upheld.status == Status.UPHELD
    claim = upheld.claim
    # 2% of the contract value 8,092.55 = 161.85, at least 300 SAR.
    assert (str(claim.amount), claim.trigger, claim.occurrence) == ("300.00", "upheld", 1)
    closed = services.complaint_close(complaint=complaint, acting_user=agent,
                                      now=NOW + timedelta(hours=6))
    assert closed.status == Status.CLOSED


def test_a_dismissal_needs_reasons_and_computes_nothing():
    complaint = filed_complaint()
    services.complaints_escalate_overdue(now=NOW + timedelta(hours=3))
    watcher = monitor()
    with pytest.raises(ComplaintError):
        services.complaint_decide(complaint=complaint, acting_user=watcher, upheld=False,
                                  reason=" ")
    dismissed = services.complaint_decide(complaint=complaint, acting_user=watcher, upheld=False,
                                          reason="The pilgrim arrived after the agreed time.",
                                          now=NOW + timedelta(hours=4))
    assert dismissed.status == Status.DISMISSED
    assert not Complaint.objects.get(pk=complaint.pk).__class__.objects.filter(
        pk=complaint.pk, claim__isnull=False).exists()
    assert "arrived after" in sms_about(complaint)[-1].text


def test_provider_staff_cannot_decide_escalated_complaints():
    complaint = filed_complaint()
    services.complaints_escalate_overdue(now=NOW + timedelta(hours=3))
    with pytest.raises(ComplaintError):
        services.complaint_decide(complaint=complaint, acting_user=provider_staff_for(complaint),
                                  upheld=False, reason="No.")


def test_a_fix_after_the_corrective_period_computes_a_claim():
    complaint = filed_complaint(item="makkah_housing", failure="late")
    staff = provider_staff_for(complaint)
    resolved = services.complaint_resolve(complaint=complaint, acting_user=staff,
                                          note="Housed now.",
                                          now=NOW + timedelta(hours=2, minutes=30))
    assert resolved.fixed_late
    assert resolved.claim.trigger == "fixed_late"
    assert str(resolved.claim.amount) == "809.26"  # 10% of 8,092.55


def test_a_repeated_finding_for_the_same_pilgrim_and_item_raises_the_amount():
    first = filed_complaint(item="makkah_housing", failure="late")
    staff = provider_staff_for(first)
    services.complaint_resolve(complaint=first, acting_user=staff, note="Late.",
                               now=NOW + timedelta(hours=3))
    second = filed_complaint(contract=first.contract, item="makkah_housing", failure="late",
                             now=NOW + timedelta(days=1))
    resolved = services.complaint_resolve(complaint=second, acting_user=staff, note="Late again.",
                                          now=NOW + timedelta(days=1, hours=3))
    assert resolved.claim.occurrence == 2
    assert str(resolved.claim.amount) == "1213.88"  # raised to 15%


def test_attachments_are_checked_by_their_bytes():
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image", content_type="image/png")
    with pytest.raises(ComplaintError) as refused:
        filed_complaint(files=[fake])
    assert refused.value.code == "file_type"
    complaint = filed_complaint(files=[png()])
    [attachment] = complaint.attachments.all()
    assert attachment.content_type == "image/png"
    assert "photo" not in attachment.file.name


def test_transitions_name_the_system_when_a_deadline_moved_the_complaint():
    complaint = filed_complaint()
    services.complaints_escalate_overdue(now=NOW + timedelta(hours=3))
    step = Transition.objects.get(complaint=complaint, kind="escalated")
    assert step.actor is None and step.note
