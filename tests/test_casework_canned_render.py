"""A canned reply is filled for one case in its pilgrim's language: the case's reference,
the pilgrim's name, the due date in both calendars and the agent's name; a text naming any
other placeholder is refused when saved, with a translated reason."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from casework.canned import canned_replies_for_case, canned_reply_render
from portal.calendars import format_dual
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.casework import canned_reply
from tests.factories.complaints import NOW, filed_complaint
from tests.factories.servicedesk import desk_request_file

pytestmark = pytest.mark.django_db

TEXTS = {"ar": ("استلام", "السلام عليكم {pilgrim_name}، طلبك {reference} يُجاب قبل "
                          "{due_date}. {agent_name}"),
         "en": ("Received", "Dear {pilgrim_name}, your request {reference} is answered by "
                            "{due_date}. {agent_name}")}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_reply_is_filled_in_the_pilgrims_language(language):
    pilgrim = PilgrimFactory(profile__preferred_language=language,
                             profile__full_name="Amina Yusuf")
    case = desk_request_file(user=pilgrim, now=NOW)
    agent = StaffUserFactory(first_name="Sara", last_name="Qahtani")
    reply = canned_reply(kind="desk", **TEXTS)

    text = canned_reply_render(reply=reply, case=case, agent=agent)

    title, body = TEXTS[language]
    assert text == (body.replace("{pilgrim_name}", "Amina Yusuf")
                    .replace("{reference}", case.reference)
                    .replace("{due_date}", format_dual(case.next_deadline, language=language))
                    .replace("{agent_name}", "Sara Qahtani"))
    assert "AH" in text if language == "en" else "هـ" in text


def test_a_reply_without_the_pilgrims_language_comes_in_another_of_its_languages():
    case = desk_request_file(user=PilgrimFactory(profile__preferred_language="ms"), now=NOW)
    reply = canned_reply(kind="desk", en=TEXTS["en"])

    assert canned_reply_render(reply=reply, case=case, agent=StaffUserFactory()).startswith(
        "Dear ")


def test_a_complaint_reply_names_the_complaint_and_its_fix_deadline():
    complaint = filed_complaint()
    reply = canned_reply(kind="complaint", topic="makkah_housing",
                         en=("Fix", "Complaint {reference} is fixed by {due_date}."))
    complaint.pilgrim.profile.preferred_language = "en"
    complaint.pilgrim.profile.save()

    text = canned_reply_render(reply=reply, case=complaint, agent=StaffUserFactory())

    assert text == (f"Complaint {complaint.number} is fixed by "
                    f"{format_dual(complaint.fix_due_at, language='en')}.")


def test_only_replies_of_the_cases_kind_and_topic_or_any_topic_are_offered():
    case = desk_request_file(user=PilgrimFactory(), topic_code="hajj", now=NOW)
    any_topic = canned_reply(kind="desk", topic="")
    hajj = canned_reply(kind="desk", topic="hajj")
    canned_reply(kind="desk", topic="permits")
    canned_reply(kind="complaint", topic="")

    assert set(canned_replies_for_case(case)) == {any_topic, hajj}


@pytest.mark.parametrize("body", ["Hello {name}", "Hi {reference.__class__}", "{0}",
                                  "{agent_name} {secret_key}"])
def test_an_unknown_placeholder_is_refused_with_a_translated_reason(body):
    reply = canned_reply(kind="desk")
    reply.set_current_language("en")
    reply.body = body
    translated = reply.get_translation("en")

    with translation.override("ar"), pytest.raises(ValidationError) as refused:
        translated.full_clean(exclude=["master"])

    message = " ".join(refused.value.messages)
    assert "عنصر نائب غير معروف" in message
    assert "{pilgrim_name}" in message


def test_staff_text_is_never_formatted_beyond_the_whitelist():
    case = desk_request_file(user=PilgrimFactory(profile__preferred_language="en"), now=NOW)
    reply = canned_reply(kind="desk", en=("Percent", "100% sure: {reference} %(secret)s {0"))

    text = canned_reply_render(reply=reply, case=case, agent=StaffUserFactory())

    assert text == f"100% sure: {case.reference} %(secret)s {{0"
