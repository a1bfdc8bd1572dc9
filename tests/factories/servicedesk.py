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
        user=user, request_type=RequestType.objects.get(code=type_code),
        topic=Topic.objects.get(code=topic_code), subject=subject, text=text, files=files,
        now=now)
