"""The help desk: cases of both kinds and the agents who may work on them.

    desk_case(topic_code="hajj")          a filed desk request (its team: the topic's)
    desk_agent(case)                      a member of the request's team (an expert)
    other_team_agent(case)                an expert of another team (not the request's)
    complaint_case()                      a filed complaint against a provider
    complaint_agent(case)                 a member of the complaint's provider's staff
"""

from servicedesk.models import ExpertTeam
from servicedesk.services import expert_team_grant_permissions
from tests.factories.accounts import PilgrimFactory
from tests.factories.complaints import filed_complaint, provider_staff_for
from tests.factories.servicedesk import desk_request_file, expert_create


def desk_case(*, topic_code="hajj", **kwargs):
    return desk_request_file(user=PilgrimFactory(), topic_code=topic_code, **kwargs)


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
