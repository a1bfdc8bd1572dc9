"""Help desk (casework): the at-risk thresholds staff set.

    at_risk_rule(kind="desk", percent_left=25, hours_left=None)   a kind's threshold
"""

from casework.models import AtRiskRule


def at_risk_rule(*, kind="desk", percent_left=25, hours_left=None):
    rule, _created = AtRiskRule.objects.update_or_create(
        kind=kind, defaults={"percent_left": percent_left, "hours_left": hours_left})
    return rule
