"""Free text is stored without bidirectional control characters.

U+202A-U+202E (embeddings, overrides, their pop) and U+2066-U+2069 (isolates) reorder what
follows them when a text is shown: a complaint or a name could make the text around it (a
reference, an amount, a staff member's reply) read in another order than it was written. No
pilgrim types them on purpose; the marks a right-to-left text needs (U+200E, U+200F) stay.

One mechanism for every way text is stored: a pre_save handler over the CharField and
TextField values of the portal's own models, so the API, the pages' forms, the admin and
services all store clean text (connected in portal/apps.py). Rows the booking's rush path
inserts with SQL (hajjportal/db/inserts.py) hold no free text: their text columns are states,
numbers the portal makes (permit, SMS key), the SMS text composed from persons stored through the
ORM, and the client's Idempotency-Key. That key, like every `idempotency_key`, is an opaque
token compared byte for byte with the header of a repeated request, so it is kept as sent
(it is never shown).
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import models

BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
OPAQUE_FIELDS = frozenset({"idempotency_key"})


def strip_bidi_controls(text: str) -> str:
    return text.translate(BIDI_CONTROLS)


@cache
def _text_attnames(model) -> tuple[str, ...]:
    """The free-text attributes of `model` if it is one of the portal's own, else none
    (migrations' historical models, which have no app, seed data the portal wrote)."""
    path = getattr(model._meta.app_config, "path", None)
    if path is None or Path(path).parent != Path(settings.BASE_DIR):
        return ()
    return tuple(field.attname for field in model._meta.concrete_fields
                 if isinstance(field, models.CharField | models.TextField)
                 and field.name not in OPAQUE_FIELDS)


def clean_text_fields(sender, instance, **kwargs):
    """pre_save: strip the bidirectional controls from every free-text value."""
    for attname in _text_attnames(sender):
        value = instance.__dict__.get(attname)
        if isinstance(value, str):
            instance.__dict__[attname] = strip_bidi_controls(value)
