"""The profile page's consent sections, rendered by consent itself so accounts (which
consent depends on) never imports it."""

from django import template

from .. import selectors
from ..forms import DependantForm, StandingConsentForm

register = template.Library()


@register.inclusion_tag("consent/profile_sections.html", takes_context=True)
def consent_profile_sections(context):
    request = context["request"]
    return {"request": request, "csrf_token": context.get("csrf_token"),
            "dependants": selectors.dependants_for_owner(owner=request.user),
            "consents": selectors.consents_granted(grantor=request.user),
            "dependant_form": DependantForm(), "consent_form": StandingConsentForm()}
