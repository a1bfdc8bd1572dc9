"""What an invitation is for is the business of the app that sent it: it registers handlers
for its purpose once (from its AppConfig.ready), and consent calls them. consent never
imports those apps (permits -> consent -> accounts).

    from consent import hooks
    hooks.register("permits.booking", on_accept=..., on_release=..., describe=...)

- on_accept(invitation, *, acting_user, now): add the invited account's holder
  (`acting_user`) to the object, checking their own eligibility under their own locks. Raise any
  portal.errors.DomainError to refuse: consent rolls back what it did, calls on_release,
  marks the invitation refused and sends the error's message to the companion (never to the
  inviter).
- on_release(invitation, *, now): give back what was held (seats) when the invitation is
  declined, lapses or is refused. Not called on withdraw (the owner let go of it already).
- describe(invitation, *, language): a short text naming what the invitation is for, in
  the invited person's language (dashboard, SMS). Never the inviter's typed data.
- details_form (optional): a Django form class of what the invited person must state
  themself when accepting (data their profile lacks, such as a document's expiry). Its
  cleaned_data reaches on_accept as `details=`; such a purpose never joins by standing
  consent (nobody can state the details for the person), so its invitations always ask.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .errors import ConsentError


@dataclass(frozen=True)
class Handlers:
    on_accept: Callable
    on_release: Callable
    describe: Callable
    details_form: type | None = None


_REGISTRY: dict[str, Handlers] = {}


def register(purpose: str, *, on_accept: Callable, on_release: Callable,
             describe: Callable, details_form: type | None = None) -> None:
    _REGISTRY[purpose] = Handlers(on_accept=on_accept, on_release=on_release,
                                  describe=describe, details_form=details_form)


def handlers(purpose: str) -> Handlers:
    try:
        return _REGISTRY[purpose]
    except KeyError:
        raise ConsentError("unknown_purpose", purpose=purpose) from None
