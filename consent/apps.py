from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _profile_saved(sender, instance, **kwargs):
    # apps.py loads before any model: what imports models is imported here, once ready.
    from .services import dependants_review_for_profile

    dependants_review_for_profile(profile=instance)


def _dashboard_context(request):
    # apps.py loads before any model: what imports models is imported here, once ready.
    from django.utils import translation

    from . import hooks, selectors

    language = translation.get_language()
    rows = []
    for invitation in selectors.invitations_received(user=request.user, open_only=True):
        handlers = hooks.handlers(invitation.purpose)
        # An invitation that asks for details is answered on its own page.
        rows.append({"invitation": invitation, "asks_details": bool(handlers.details_form),
                     "what": handlers.describe(invitation, language=language)})
    return {"invitations": rows}


class ConsentConfig(AppConfig):
    name = "consent"
    verbose_name = _("Consent")

    def ready(self):
        # Imported here, not at the top: the modules load models, ready once the registry is.
        from django.db.models.signals import post_save

        from accounts.models import PilgrimProfile
        from portal.dashboard import dashboard_panel_register

        # An identity claimed as a dependant that signs up (or is typed on a profile later)
        # goes to staff review: the person's own account wins. accounts does not know
        # consent, so consent listens.
        post_save.connect(_profile_saved, sender=PilgrimProfile,
                          dispatch_uid="consent.dependants_review_for_profile")

        dashboard_panel_register(
            key="consent", template_name="consent/dashboard_panel.html", order=15,
            get_context=_dashboard_context,
            is_visible=lambda request: not request.user.is_staff)
