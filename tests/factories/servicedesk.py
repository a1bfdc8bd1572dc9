"""Service desk: the seeded types and topics are used as they are; experts join a team's group.

    expert_create(team=Topic.objects.get(code="hajj").team)  a staff member of that team
    desk_request_file(user=pilgrim)                           a filed request, through the service
"""

from accounts import roles
from servicedesk import services
from servicedesk.models import RequestType, Topic
from tests.factories.accounts import StaffUserFactory


def expert_create(*, team, **kwargs):
    """A care-centre agent who belongs to the expert team's group."""
    expert = StaffUserFactory(role=roles.CARE_AGENT, **kwargs)
    expert.groups.add(team.group)
    return expert


def desk_request_file(*, user, type_code="question", topic_code="hajj", subject="Deposit",
                      text="My deposit document is missing.", files=(), now=None):
    return services.desk_request_submit(
        acting_user=user, request_type=RequestType.objects.get(code=type_code),
        topic=Topic.objects.get(code=topic_code), subject=subject, text=text, files=files,
        now=now)


def desk_seed():
    """The migration's question type and Hajj topic, again after a transactional test
    flushed them (browser tests run against a flushed database)."""
    from django.contrib.auth.models import Group

    from portal.models import EService
    from servicedesk.models import ExpertTeam

    for code in ("new_request", "inquiry"):  # the SLA records count towards these
        EService.objects.get_or_create(code=code)
    team, _created = ExpertTeam.objects.get_or_create(
        group=Group.objects.get_or_create(name="Desk experts: Hajj and permits")[0])
    request_type, _created = RequestType.objects.get_or_create(code="question",
                                                               defaults={"kind": "question"})
    for language, name in (("en", "Question"), ("ar", "استفسار")):
        request_type.set_current_language(language)
        request_type.name = name
        request_type.required_documents = "Copy of the deposit receipt"
    request_type.save()
    topic, created = Topic.objects.get_or_create(code="hajj", defaults={"team": team})
    if created:
        for language, name in (("en", "Hajj"), ("ar", "الحج")):
            topic.set_current_language(language)
            topic.name = name
        topic.save()
    return request_type, topic


def escalation_chain(*, lead_after_hours=0, second_line_after_hours=48, lead_days=2,
                     second_line_days=3):
    """The migration's chain again (a transactional test flushed it), with these figures:
    level 1 the team's lead, level 2 the second-line ministry team; returns that team."""
    from django.contrib.auth.models import Group

    from servicedesk.models import EscalationStep, ExpertTeam

    second_line, _created = ExpertTeam.objects.update_or_create(
        group=Group.objects.get_or_create(name="Second line: Ministry of Hajj and Umrah")[0],
        defaults={"is_second_line": True})
    EscalationStep.objects.update_or_create(level=1, defaults={
        "holder": EscalationStep.Holder.TEAM_LEAD, "team": None,
        "after_hours": lead_after_hours, "answer_within_working_days": lead_days})
    EscalationStep.objects.update_or_create(level=2, defaults={
        "holder": EscalationStep.Holder.SECOND_LINE, "team": second_line,
        "after_hours": second_line_after_hours, "answer_within_working_days": second_line_days})
    return second_line


def team_lead_for(team, **kwargs):
    """A member of the team's group who leads it (receives its overdue requests)."""
    lead = expert_create(team=team, **kwargs)
    team.lead = lead
    team.save(update_fields=["lead"])
    return lead


def suggestion_type_create(*, reply_working_days=14, team=None):
    """The charter's suggestion type and an "improvements" topic routed to `team` (the Hajj
    topic's team by default), as the demo data seeds them."""
    team = team or Topic.objects.get(code="hajj").team
    request_type, _created = RequestType.objects.update_or_create(
        code="suggestion", defaults={"kind": RequestType.Kind.SUGGESTION,
                                     "reply_working_days": reply_working_days})
    for language, name in (("en", "Suggestion"), ("ar", "مقترح")):
        request_type.set_current_language(language)
        request_type.name = name
    request_type.save()
    topic, created = Topic.objects.get_or_create(code="improvements", defaults={"team": team})
    if created:
        for language, name in (("en", "Improving the portal"), ("ar", "تحسين البوابة")):
            topic.set_current_language(language)
            topic.name = name
        topic.save()
    return request_type, topic
