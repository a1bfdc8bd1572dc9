"""The help desk: canned replies and cases of two kinds for one pilgrim.

    canned_reply(kind="desk", topic="", ar=(title, body), en=(title, body))
    team_lead()                      a care-centre agent in the help desk leads' role
"""

from accounts import roles
from casework.models import CannedReply
from tests.factories.accounts import StaffUserFactory, add_to_role


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
