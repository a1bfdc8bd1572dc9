"""E-mail to staff by role or by provider company: the queues' reminders (a new complaint,
an escalation, an overdue compensation claim). Sent after the commit; a failed send is
logged, never raised, since the record is kept and staff still see it in their queue."""

import logging

from django.core.mail import EmailMultiAlternatives
from django.utils import translation
from django.utils.translation import gettext as _

from portal.mail import from_email, render_email, site_name

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


def staff_notice(subject, body, recipients, *, language=None) -> EmailMultiAlternatives:
    """The notice as staff get it: the portal's layout (templates/accounts/email/
    staff_notice.*) and sender, in the active language (the callers' choice)."""
    language = language or translation.get_language()
    subject, body = str(subject), str(body)
    text, html = render_email("accounts/email/staff_notice",
                              {"subject": subject, "text": body}, language=language)
    with translation.override(language):
        message = EmailMultiAlternatives(
            _("%(site)s: %(topic)s") % {"site": site_name(), "topic": subject}, text,
            from_email(), recipients)
    message.attach_alternative(html, "text/html")
    return message


def mail_staff(subject, body, recipients) -> None:
    if not recipients:
        return
    try:
        staff_notice(subject, body, recipients).send()
    except OSError:
        logger.exception("Could not e-mail staff: %s", subject)


def mail_ministry(subject, body) -> None:
    """The monitors and the care centre: something waits in their queue."""
    mail_staff(subject, body, staff_emails(roles_wanted=[roles.MONITOR, roles.CARE_AGENT]))
