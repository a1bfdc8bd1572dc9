"""The help desk (casework): cases of both kinds, the agents who may work on them, the
at-risk thresholds, canned replies and team leads.

    desk_case(topic_code="hajj", pilgrim=None)   a filed desk request (its team: the
                                          topic's), by that pilgrim or a new one
    desk_agent(case)                      a member of the request's team (an expert)
    other_team_agent(case)                an expert of another team (not the request's)
    complaint_case()                      a filed complaint against a provider
    complaint_agent(case)                 a member of the complaint's provider's staff
    at_risk_rule(kind="desk", percent_left=25, hours_left=None)   a kind's threshold
    canned_reply(kind="desk", topic="", ar=(title, body), en=(title, body))
    team_lead()                           a care-centre agent in the help desk leads' role
"""

from accounts import roles
from casework.models import AtRiskRule, CannedReply
from servicedesk.models import ExpertTeam
from servicedesk.services import expert_team_grant_permissions
from tests.factories.accounts import PilgrimFactory, StaffUserFactory, add_to_role
from tests.factories.complaints import filed_complaint, provider_staff_for
from tests.factories.servicedesk import desk_request_file, expert_create


def desk_case(*, topic_code="hajj", pilgrim=None, **kwargs):
    return desk_request_file(user=pilgrim or PilgrimFactory(), topic_code=topic_code, **kwargs)


def desk_agent(case, **kwargs):
    expert_team_grant_permissions(team=case.team)
    return expert_create(team=case.team, **kwargs)


def other_team_agent(case):
    team = ExpertTeam.objects.exclude(pk=case.team_id).filter(is_second_line=False).first()
    expert_team_grant_permissions(team=team)
    return expert_create(team=team)


def complaint_case(**kwargs):
    return filed_complaint(**kwargs)


def complaint_agent(case):
    return provider_staff_for(case)


def at_risk_rule(*, kind="desk", percent_left=25, hours_left=None):
    rule, _created = AtRiskRule.objects.update_or_create(
        kind=kind, defaults={"percent_left": percent_left, "hours_left": hours_left})
    return rule


def canned_reply(*, kind="desk", topic="", **texts):
    """A canned reply with a (title, body) per language code given."""
    reply = CannedReply(kind=kind, topic=topic)
    for language, (title, body) in (texts or {"en": ("Hello", "Hello {pilgrim_name}")}).items():
        reply.set_current_language(language)
        reply.title, reply.body = title, body
    reply.save()
    return reply


def team_lead(**kwargs):
    lead = StaffUserFactory(role=roles.CARE_AGENT, **kwargs)
    add_to_role(lead, roles.HELP_DESK_LEAD)
    return lead
