"""E-mail to staff by role or by provider company: the queues' reminders (a new complaint,
an escalation, an overdue compensation claim). Sent after the commit; a failed send is
logged, never raised, since the record is kept and staff still see it in their queue."""

import logging

from django.conf import settings
from django.core.mail import send_mail

from . import roles
from .models import User

logger = logging.getLogger(__name__)


def staff_emails(*, provider_id=None, roles_wanted=()) -> list[str]:
    """The active staff's addresses: a provider's staff, or the members of the roles."""
    users = User.objects.filter(is_active=True).exclude(email="")
    if provider_id:
        return list(users.filter(staff_profile__provider_id=provider_id,
                                 groups__name=roles.PROVIDER_STAFF)
                    .values_list("email", flat=True).distinct())
    return list(users.filter(groups__name__in=roles_wanted)
                .values_list("email", flat=True).distinct())


def mail_staff(subject, body, recipients) -> None:
    if not recipients:
        return
    try:
        send_mail(str(subject), str(body), settings.DEFAULT_FROM_EMAIL, recipients)
    except OSError:
        logger.exception("Could not e-mail staff: %s", subject)


def mail_ministry(subject, body) -> None:
    """The monitors and the care centre: something waits in their queue."""
    mail_staff(subject, body, staff_emails(roles_wanted=[roles.MONITOR, roles.CARE_AGENT]))
