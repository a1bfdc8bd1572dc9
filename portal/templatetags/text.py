"""Runs of one direction inside text of the other, each isolated where it is made.

    {{ name|isolated }}          free text (a name, what staff typed): its own direction
    {{ permit.number|token }}    a reference, phone, identity number, IBAN or plate: always
                                 left to right, never broken at its hyphen
    {{ contract.value|amount }}  an amount with its currency, as one run
"""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

register = template.Library()


@register.filter
def isolated(value):
    """`value` (escaped) in <bdi>, for a placeholder of blocktranslate: an Arabic name in an
    English sentence, or a Latin one in Arabic, keeps its own direction and leaves the
    sentence's order alone. A number or date is localized first, as `{{ value }}` would
    be ("6000,00" in Arabic, not "6000.00")."""
    return format_html("<bdi>{}</bdi>", localize(template_localtime(value)))


@register.filter
def token(value):
    """A number the portal or a person's papers make (P-1448-000123, +966 5…, 10••••89):
    left to right on every page, isolated from the sentence and kept on one line (CSS
    .token), so an Arabic page neither reverses its parts nor breaks it at a hyphen."""
    if value is None or str(value) == "":  # a PhoneNumber is compared by its text
        return ""
    return format_html('<bdi dir="ltr" class="token">{}</bdi>', value)


@register.filter
def amount(value):
    """An amount and its currency ("6000,00 ر.س"), one isolated run: the number stays
    beside its currency whatever text surrounds it."""
    if value in (None, ""):
        return ""
    return format_html('<bdi class="amount">{} {}</bdi>', localize(value), gettext("SAR"))
