"""{% load identity %} {{ profile|identity_for:request.user }}: masked unless the viewer may
see the full number (its owner, or staff with accounts.view_full_identity)."""

from django import template

from accounts.selectors import identity_number_for

register = template.Library()


@register.filter
def identity_for(profile, viewer):
    return identity_number_for(profile, viewer)
