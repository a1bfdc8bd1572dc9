"""The X-Session-Token lookup in one read of the session instead of two.

allauth's SessionTokenStrategy asks the session store whether the key exists, then loads it:
with cached sessions that is two Redis round trips per API call (and two database queries
when the cache misses). Loading alone answers both questions, as allauth's own
`sessionkit.lookup_session` notes: a missing or expired session clears its key.
"""

from allauth.headless.internal import sessionkit
from allauth.headless.tokens.strategies.sessions import SessionTokenStrategy


class SingleLookupSessionTokenStrategy(SessionTokenStrategy):
    def lookup_session(self, session_token):
        return sessionkit.lookup_session(session_token)
