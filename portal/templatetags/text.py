"""Free text inside a translated sentence, isolated from the sentence's direction."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def isolated(value):
    """`value` (escaped) in <bdi>, for a placeholder of blocktranslate: an Arabic name in an
    English sentence, or a Latin one in Arabic, keeps its own direction and leaves the
    sentence's order alone."""
    return format_html("<bdi>{}</bdi>", value)
