from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from .selectors import terms_ever_accepted, terms_to_accept


def terms(request):
    """The version of the terms in force when the signed-in user has not accepted it yet:
    base.html then asks for the acceptance on every page (read only when a full page
    renders, and from the cache between two changes). `terms_accepted_before` tells the
    banner whether to say the terms changed or ask for a first acceptance (read only when it
    shows)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"terms_to_accept": None, "terms_accepted_before": False}
    return {"terms_to_accept": SimpleLazyObject(
        lambda: terms_to_accept(user=user, now=timezone.now()) or 0),
        "terms_accepted_before": SimpleLazyObject(lambda: terms_ever_accepted(user=user))}
