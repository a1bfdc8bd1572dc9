"""How API clients authenticate: allauth's X-Session-Token, named in 401 answers."""

from allauth.headless.contrib.rest_framework.authentication import XSessionTokenAuthentication

from portal.audit import record_user


class SessionTokenAuthentication(XSessionTokenAuthentication):
    """allauth's X-Session-Token authentication, with the challenge DRF needs to answer a
    call without credentials 401 (and a WWW-Authenticate header) instead of 403."""

    def authenticate(self, request):
        found = super().authenticate(request)
        if found is not None:
            record_user(found[0])  # the history of what this call writes names them
        return found

    def authenticate_header(self, request) -> str:
        return 'Session-Token header="X-Session-Token"'
