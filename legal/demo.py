"""Demo data: the demo logins have accepted the terms in force, as if they had signed up
through the form, so the newcomer's pages show no banner asking for it."""

from django.utils import timezone

from accounts.demo import demo_logins
from accounts.models import User

from .models import TermsAcceptance
from .services import terms_accept


def demo_load(*, now=None):
    now = now or timezone.now()
    for user in User.objects.filter(email__in=[login.email for login in demo_logins()]):
        terms_accept(acting_user=user, version=None, now=now, via=TermsAcceptance.Via.SIGNUP_WEB)
