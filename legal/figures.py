"""The figures the agreement and the complaint guide quote, read from the rules' own rows
at the moment the page is shown: a staff change to a deadline, a target or a channel
appears on the page at once, and no text carries a number of its own."""

from datetime import datetime

from compensation.models import SeasonPolicy
from complaints.services import policy_get as complaint_policy_get
from packages.selectors import season_for
from portal import selectors as portal_selectors
from servicedesk.selectors import request_type_list
from sla.policies import policy_for as sla_policy_for

COMPLAINT_SERVICE = "complaint"  # the complaint e-service of the catalogue (portal 0008)


def agreement_figures(*, now: datetime) -> dict:
    season = season_for(moment=now)
    services = list(portal_selectors.eservice_list())
    complaint_service = next((s for s in services if s.code == COMPLAINT_SERVICE), None)
    compensation = None
    if season is not None:
        compensation = (SeasonPolicy.objects.filter(season=season).first()
                        or SeasonPolicy(season=season))
    complaint_policy = complaint_policy_get(season=season, now=now)
    hours, minutes = divmod(complaint_policy.default_corrective_minutes, 60)
    return {
        "season": season,
        "complaints_until": season.gregorian("complaints_until") if season else None,
        "complaint_policy": complaint_policy,
        "corrective_hours": hours,
        "corrective_minutes": minutes,
        "complaint_service": complaint_service,
        "compensation_policy": compensation,
        "sla_policy": sla_policy_for(now),
        "services": [s for s in services if s.code != COMPLAINT_SERVICE],
        "request_types": list(request_type_list()),
        "channels": list(portal_selectors.support_channel_list()),
    }
