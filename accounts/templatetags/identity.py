"""{% load identity %} {{ profile|identity_for:request.user }}: masked unless the viewer may
see the full number (its owner, or staff with accounts.view_full_identity).
{{ user|display_name }}: what the person is called (accounts.selectors.display_name)."""

from django import template

from accounts.selectors import display_name as display_name_of
from accounts.selectors import identity_number_for

register = template.Library()


@register.filter
def identity_for(profile, viewer):
    return identity_number_for(profile, viewer)


@register.filter
def display_name(user) -> str:
    """The person's name (their profile's, then the account's; the username only when no
    name is known), as allauth's "signed in as" gives it."""
    return display_name_of(user)
