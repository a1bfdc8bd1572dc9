"""Authentication backends that load the signed-in user with one precompiled SELECT.

Every authenticated request (every API call with an X-Session-Token) loads its user. The
ORM's `get(pk=...)` compiles the same statement each time, which cost about 0.4 ms of CPU
per request on the booking path (bench/booking); the row itself is found in microseconds.
Everything else (who may authenticate, permissions, allauth's login by e-mail) is the
stock backends'.
"""

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends as django_backends

from .selectors import user_by_pk


class _UserByPk:
    def get_user(self, user_id):
        user = user_by_pk(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_UserByPk, django_backends.ModelBackend):
    pass


class AuthenticationBackend(_UserByPk, allauth_backends.AuthenticationBackend):
    pass
