"""allauth hooks: new sign-ups become pilgrims, and pilgrims complete their profile first.

Sign-up only asks for e-mail and password (the same for the web and the mobile app's headless
API); the pilgrim completes the profile right after the first login, before any e-service:
the web login lands on the profile form, and e-service views use
`accounts.decorators.profile_required` (the API answers 403 "profile_required").
"""

from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.mail import from_email, layout_context, site_name, site_url

from . import roles
from .limits import client_ip
from .models import User
from .selectors import profile_is_complete
from .services import user_add_role


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Said so that a pilgrim knows what to do; the limit is per account first, and per
        # address only far higher (hajjportal/settings.py, ACCOUNT_RATE_LIMITS).
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts. Wait a few minutes and try again, or reset "
            "your password if you have forgotten it."),
    }

    # --- Mail: in the reader's language, from the portal, with links to SITE_URL ----------

    # What allauth puts in a mail's context as an absolute link: built from the request's
    # Host header, which the client chooses, so each is re-based on SITE_URL.
    LINKS = ("activate_url", "password_reset_url", "signup_url")

    def send_mail(self, template_prefix, email, context):
        language = self._reader_language(email, context.get("user"))
        with translation.override(language):
            context = {"email": email, **context, **layout_context(language)}
            for name in self.LINKS:
                if context.get(name):
                    context[name] = site_url(context[name])
            self.render_mail(template_prefix, email, context).send()

    @staticmethod
    def _reader_language(email, user=None) -> str:
        """The profile's language when the address is a pilgrim's, else the request's."""
        if user is None:
            user = User.objects.filter(email__iexact=email).select_related("profile").first()
        profile = getattr(user, "profile", None) if user is not None else None
        return getattr(profile, "preferred_language", "") or translation.get_language()

    def format_email_subject(self, subject):
        return _("%(site)s: %(topic)s") % {"site": site_name(), "topic": subject}

    def get_from_email(self):
        return from_email()

    def get_email_confirmation_url(self, request, emailconfirmation):
        return site_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        # allauth's own construction (an opaque "<uid>-<key>" in its URL), on SITE_URL.
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return site_url(path.replace("UID-KEY", quote(key)))

    def get_client_ip(self, request):
        """allauth's rate limits key on the same client address as every other limit."""
        address = client_ip(request)
        if not address:
            # Shown on the 403 page (templates/403.html says why a request was refused).
            raise PermissionDenied(_("The portal could not tell where your request came from, "
                                     "so it cannot be accepted. Please try again."))
        return address

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user_add_role(user=user, role=roles.PILGRIM)
        return user

    def get_login_redirect_url(self, request):
        user = request.user
        if roles.user_has_role(user, roles.PILGRIM) and not profile_is_complete(user):
            return reverse("accounts:profile_edit")
        return super().get_login_redirect_url(request)
