"""{% fragment_version "name" as fragment %}: what a {% cache %} fragment of data staff edit is
keyed by (fragment.version, bumped by their writes: portal/versions.py) and how long it is
kept at most (fragment.seconds, FRAGMENT_CACHE_SECONDS; 0 when Redis cannot give a version)."""

from django import template
from django.conf import settings

from portal.versions import version

register = template.Library()


@register.simple_tag
def fragment_version(name):
    current = version(name)
    # No version (Redis unreachable): keep nothing, so that no copy under a stale key lingers.
    return {"version": current,
            "seconds": settings.FRAGMENT_CACHE_SECONDS if current is not None else 0}
