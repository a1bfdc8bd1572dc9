"""The help desk (casework): thresholds, canned replies and team leads.

    at_risk_rule(kind="desk", percent_left=25, hours_left=None)   a kind's threshold
    canned_reply(kind="desk", topic="", ar=(title, body), en=(title, body))
    team_lead()                      a care-centre agent in the help desk leads' role
"""

from accounts import roles
from casework.models import AtRiskRule, CannedReply
from tests.factories.accounts import StaffUserFactory, add_to_role


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
