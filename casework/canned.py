"""Canned replies: staff's ready answers, filled for one case in its pilgrim's language.

A reply's text is staff's, so it is never given to str.format (which would reach into the
objects passed to it): each {name} is looked up in a fixed whitelist, and a text naming
anything else is refused when it is saved.
"""

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from parler.utils.context import switch_language

from accounts.selectors import display_name
from portal.calendars import format_dual

from . import kinds
from .models import PLACEHOLDER, CannedReply

NO_DATE = "-"


def pilgrim_language(case) -> str:
    """The language the case's pilgrim chose for their account (Arabic when none)."""
    profile = getattr(kinds.of(case).pilgrim(case), "profile", None)
    return getattr(profile, "preferred_language", "") or "ar"


def _values(case, *, agent, language) -> dict[str, str]:
    kind = kinds.of(case)
    due = kind.due(case)
    return {"reference": kind.reference(case), "pilgrim_name": display_name(kind.pilgrim(case)),
            "due_date": format_dual(due, language=language) if due else NO_DATE,
            "agent_name": display_name(agent)}


def canned_reply_render(*, reply: CannedReply, case, agent) -> str:
    """The reply's text in the case pilgrim's language (another language of the reply when
    it has none in theirs), its placeholders filled."""
    language = pilgrim_language(case)
    with translation.override(language), switch_language(reply, language):
        body = reply.safe_translation_getter("body", any_language=True) or ""
        values = _values(case, agent=agent, language=language)
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), body)


def canned_replies_for_case(case):
    """The offered replies of the case's kind, for its topic or for any topic."""
    kind = kinds.of(case)
    return (CannedReply.objects.filter(kind=kind.key, is_active=True)
            .filter(Q(topic="") | Q(topic=kind.topic(case)))
            .prefetch_related("translations").order_by("topic", "pk"))


def canned_reply_for_case(*, reply_id, case) -> CannedReply | None:
    """The offered reply `reply_id` if it applies to the case, else None."""
    try:
        return canned_replies_for_case(case).filter(pk=int(reply_id)).first()
    except (TypeError, ValueError):
        return None


def applies_to_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every (kind, topic) a reply may be for, grouped by kind: "desk:" is any topic of the
    desk, "desk:hajj" its Hajj topic."""
    return [(kind.key, [(f"{kind.key}:", _("%(kind)s: any topic") % {"kind": kind.key}),
                        *((f"{kind.key}:{key}", f"{kind.key}: {label}")
                          for key, label in kind.topics())])
            for kind in kinds.all_kinds()]
