"""The help desk's one error type: a code, a lazily translated message, an HTTP status."""

from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

MESSAGES = {
    # Assignment and notes
    "taken": (409, _("%(agent)s took this case a moment ago; it is theirs now.")),
    "closed": (400, _("This case is closed: nobody can take it or be assigned to it.")),
    "not_an_agent": (403, _("%(agent)s may not work on this case (another team or company).")),
    "not_yours_to_move": (403, _("This case is %(agent)s's: only a team lead or a monitor may "
                                 "move it to someone else.")),
    "already_assigned": (400, _("%(agent)s already holds this case.")),
    "note_required": (400, _("Write the note.")),
}


class CaseworkError(DomainError):
    """An expected refusal, shown to the member of staff in their language."""

    messages = MESSAGES
