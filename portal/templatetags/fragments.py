"""{% fragment_version "name" as fragment %}: what a {% cache %} fragment of data staff edit is
keyed by (fragment.version, bumped by their writes: portal/versions.py) and how long it is
kept at most (fragment.seconds, FRAGMENT_CACHE_SECONDS; 0 when Redis cannot give a version)."""

import secrets

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from portal.versions import version

register = template.Library()


@register.simple_tag
def fragment_version(name):
    current = version(name)
    # No version (Redis unreachable): keep nothing, so that no copy under a stale key lingers.
    return {"version": current,
            "seconds": settings.FRAGMENT_CACHE_SECONDS if current is not None else 0}


# --- Rendered once per process -----------------------------------------------------------

# {% rendered_once "name" value ... %}...{% endrendered_once %}: the page furniture that is a
# function of the code, the language and the values named (the path, whether signed in, ...),
# never of data, rendered once per process and key instead of once per request: a deploy
# starts new processes, so no copy outlives the code or the catalogues it was made from.
# The CSRF token is not kept: the block is rendered with a mark in its place and each request
# puts its own token there (read only when the block holds a form, as before).
_KEPT: dict[tuple, str] = {}
# Query strings make keys without end: past this many the copies start over (a dict's
# clear is atomic, where evicting one by one would need a lock between threads).
KEPT_MAX = 2048
_CSRF_MARK = f"csrf-{secrets.token_hex(16)}"
_CSRF_INPUT = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">',
                          _CSRF_MARK)


@receiver(setting_changed)
def _forget_kept(**_kwargs):
    # Tests override languages, URLs and the like: what was rendered under the old ones goes.
    _KEPT.clear()


def _hashable(value):
    # A list of frozen dataclasses (the maintenance notices) is keyed by its items.
    return tuple(value) if isinstance(value, list) else value


class RenderedOnceNode(template.Node):
    def __init__(self, nodelist, name, values):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context):
        key = (self.name, translation.get_language(), get_script_prefix(),
               *(_hashable(value.resolve(context)) for value in self.values))
        html = _KEPT.get(key)
        if html is None:
            with context.push(csrf_token=_CSRF_MARK):
                html = self.nodelist.render(context)
            if len(_KEPT) >= KEPT_MAX:
                _KEPT.clear()
            _KEPT[key] = html
        if _CSRF_MARK in html:
            token = context.get("csrf_token")
            # As {% csrf_token %} itself: nothing where the page was rendered without one.
            html = (html.replace(_CSRF_MARK, conditional_escape(str(token)))
                    if token and token != "NOTPROVIDED" else html.replace(_CSRF_INPUT, ""))
        return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there


@register.tag
def rendered_once(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("rendered_once needs a name")
    nodelist = parser.parse(("endrendered_once",))
    parser.delete_first_token()
    return RenderedOnceNode(nodelist, template.Variable(bits[1]).resolve({}),
                            [parser.compile_filter(bit) for bit in bits[2:]])
