"""Who acted, in the history (django-pghistory) of every tracked model.

Each history row points at a context whose metadata says who acted:
- a request: pghistory's HistoryMiddleware (in MIDDLEWARE, so the API's list has it too)
  records the signed-in user, set again once DRF has authenticated the call, and the path;
- a Celery task: `AuditedTask`, the class of every task of the portal's Celery app, records
  the task's name (the portal itself acted: a sweep, a message sent on commit);
- a service run outside both (a management command, the shell): `acting`, entered by the
  services that name their `acting_user`, records that user; nested in a request or a task
  it adds to that context.
"""

import pghistory
from celery import Task


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
