from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _profile_saved(sender, instance, **kwargs):
    from .services import dependants_review_for_profile

    dependants_review_for_profile(profile=instance)


class ConsentConfig(AppConfig):
    name = "consent"
    verbose_name = _("Consent")

    def ready(self):
        from django.db.models.signals import post_save

        from accounts.models import PilgrimProfile

        # An identity claimed as a dependant that signs up (or is typed on a profile later)
        # goes to staff review: the person's own account wins. accounts does not know
        # consent, so consent listens.
        post_save.connect(_profile_saved, sender=PilgrimProfile,
                          dispatch_uid="consent.dependants_review_for_profile")
