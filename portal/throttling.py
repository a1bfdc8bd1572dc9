"""An API's throttle classes applied to a plain Django view, so a web page that offers the
same computation as a throttled API shares its limiter (same classes, same cache keys)."""

from django.shortcuts import render


def throttled_response(request, throttle_classes):
    """The 429 page if any of `throttle_classes` (DRF throttles) refuses `request`, else None."""
    for throttle_class in throttle_classes:
        if not throttle_class().allow_request(request, None):
            return render(request, "429.html", status=429)
    return None
