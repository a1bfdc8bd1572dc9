"""Who acted, in the history (django-pghistory) of every tracked model.

Each history row points at a context whose metadata says who acted:
- a request that may write (not GET, HEAD, OPTIONS): `AuditMiddleware` (in MIDDLEWARE, so the
  API's list has it too) records the path and the signed-in user of a page; an API call's user
  is added once DRF has authenticated it (`record_user`, from portal.authentication);
- a Celery task: `AuditedTask`, the class of every task of the portal's Celery app, records
  the task's name (the portal itself acted: a sweep, a message sent on commit);
- a service run outside both (a management command, the shell): `acting`, entered by the
  services that name their `acting_user`, records that user; nested in a request or a task
  it adds to that context.
"""

import pghistory
from celery import Task

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class AuditMiddleware:
    """The history context of a request that may write: its path, and who is signed in.

    Not pghistory's own HistoryMiddleware: to learn the user that DRF authenticates later, it
    swaps every request's class for one with a Python-level __setattr__, which cost 0.5 ms of
    CPU per booking (bench/booking/cost.py --no-profile, three alternating pairs), 10% of the
    rush path. Here the API's authentication says who the user is instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in READ_ONLY_METHODS:
            return self.get_response(request)
        with pghistory.context(url=request.path):
            user = getattr(request, "user", None)  # a page's session user (lazy until here)
            if user is not None and user.is_authenticated:
                record_user(user)
            return self.get_response(request)


def record_user(user) -> None:
    """Name `user` in the current request's history context (nothing outside one)."""
    pghistory.context(user=user.pk)


class AuditedTask(Task):
    """A task whose writes are recorded as the portal's own, under the task's name."""

    def __call__(self, *args, **kwargs):
        with pghistory.context(task=self.name):
            return super().__call__(*args, **kwargs)


def acting(acting_user, **metadata) -> pghistory.context:
    """The history context of a write by `acting_user` (None: the portal itself).

    Nested in a request's or a task's context, pghistory adds the metadata to that context for
    the rest of it; so None leaves the request's user in place rather than erasing it.
    """
    if acting_user is not None:
        metadata["user"] = acting_user.pk
    return pghistory.context(**metadata)
