"""The admin index's "due today" panels (portal.admin_due_today), for the signed-in staff."""

from django import template

from portal.admin_due_today import due_today_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_due_today(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return due_today_panels(user=request.user)
