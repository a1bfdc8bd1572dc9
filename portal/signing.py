"""The one signature of every webhook the portal receives: the permit authority's reports, the
payment gateway's settlements, the SMS gateway's inbound messages.

    X-Timestamp: 1767225600                      (Unix time, whole seconds)
    X-Signature: hex(HMAC-SHA256(secret, "1767225600." + raw body))

The signed message is the X-Timestamp header exactly as sent, a dot, then the body's bytes
exactly as sent: a body parsed and serialised again would differ in spaces and key order, so
the API checks the signature on request.body before DRF parses it
(SignedWebhookAuthentication). A timestamp further than SIGNED_WEBHOOK_WINDOW_SECONDS from
our clock, in either direction, is refused: a captured request cannot be replayed after the
window, and within it each receiver ignores an event_id it has already seen.

Each sender has a setting holding its secrets (PERMIT_AUTHORITY_WEBHOOK_SECRETS, ...), from a
comma-separated environment variable. Any of them verifies, so a secret is rotated without a
gap: add the new one beside the old, let the sender switch, then remove the old one.

The local fakes of those senders (devtools/) sign with their own few lines of the standard
library, as an outside system would from this description; the tests verify what they send
with `verify` here, so the convention cannot drift between the two.
"""

import hashlib
import hmac
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http.request import RawPostDataException
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import APIException, AuthenticationFailed
from rest_framework.permissions import BasePermission

from .errors import DomainError

logger = logging.getLogger(__name__)

TIMESTAMP_HEADER = "X-Timestamp"
SIGNATURE_HEADER = "X-Signature"
# The WWW-Authenticate challenge of a 401: which headers a signed request carries.
CHALLENGE = f'HMAC-SHA256 headers="{TIMESTAMP_HEADER} {SIGNATURE_HEADER}"'

_TIMESTAMP = re.compile(r"^[0-9]{1,12}$")
_SIGNATURE = re.compile(r"^[0-9a-fA-F]{64}$")


class SignatureError(DomainError):
    """A webhook refused: not signed, signed with no secret of ours, or outside the window."""

    messages = {
        "missing_headers": (401, _("The request is not signed: it needs the X-Timestamp and "
                                   "X-Signature headers.")),
        "malformed_timestamp": (401, _("X-Timestamp must be the time in whole seconds since "
                                       "1970-01-01 UTC.")),
        "malformed_signature": (401, _("X-Signature must be the HMAC-SHA256 in hexadecimal "
                                       "(64 characters).")),
        "bad_signature": (401, _("The signature does not match the request.")),
        "stale_timestamp": (401, _("The request was signed more than %(seconds)s seconds "
                                   "ago.")),
        "future_timestamp": (401, _("The request is dated more than %(seconds)s seconds "
                                    "ahead of our clock.")),
        "not_configured": (503, _("Signed requests cannot be received now: no secret is "
                                  "configured for them.")),
    }


@dataclass(frozen=True)
class Verified:
    """A request whose signature held: when it was signed, and by which of the secrets
    (its index in the list: a sender still on an old secret shows in the log)."""

    signed_at: datetime
    secret_index: int


def sign(body: bytes, secret: str, timestamp: datetime | int) -> dict[str, str]:
    """The headers that sign `body` at `timestamp` (a datetime, or Unix seconds)."""
    if isinstance(timestamp, datetime):
        timestamp = int(timestamp.timestamp())
    stamp = str(int(timestamp))
    return {TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: _digest(secret, stamp, body)}


def verify(
    body: bytes,
    headers: Mapping[str, str],
    secrets: Sequence[str],
    now: datetime | None = None,
    window: float | None = None,
) -> Verified:
    """Check that `body` was signed with one of `secrets` within `window` seconds of `now`
    (SIGNED_WEBHOOK_WINDOW_SECONDS unless given); raise SignatureError with its code if not.

    The signature is checked before the time, so a caller without a secret learns nothing
    but "bad_signature".
    """
    secrets = [secret for secret in secrets if secret]
    if not secrets:
        raise SignatureError("not_configured")
    lowered = {name.lower(): value for name, value in headers.items()}
    stamp = (lowered.get(TIMESTAMP_HEADER.lower()) or "").strip()
    signature = (lowered.get(SIGNATURE_HEADER.lower()) or "").strip()
    if not stamp or not signature:
        raise SignatureError("missing_headers")
    if not _TIMESTAMP.match(stamp):
        raise SignatureError("malformed_timestamp")
    if not _SIGNATURE.match(signature):
        # compare_digest takes ASCII only: anything else is refused before it.
        raise SignatureError("malformed_signature")
    signature = signature.lower()
    secret_index = next(
        (index for index, secret in enumerate(secrets)
         if hmac.compare_digest(_digest(secret, stamp, body), signature)),
        None,
    )
    if secret_index is None:
        raise SignatureError("bad_signature")
    window = settings.SIGNED_WEBHOOK_WINDOW_SECONDS if window is None else window
    # In seconds, not datetimes: a timestamp centuries away is refused, not an overflow.
    age = (now or timezone.now()).timestamp() - int(stamp)
    if age > window:
        raise SignatureError("stale_timestamp", seconds=int(window))
    if -age > window:
        raise SignatureError("future_timestamp", seconds=int(window))
    signed_at = datetime.fromtimestamp(int(stamp), tz=UTC)
    return Verified(signed_at=signed_at, secret_index=secret_index)


def webhook_secrets(setting_name: str) -> list[str]:
    """The secrets in the setting `setting_name`: a list, or a comma-separated string."""
    value = getattr(settings, setting_name, None) or []
    if isinstance(value, str):
        value = value.split(",")
    return [secret.strip() for secret in value if secret and secret.strip()]


def _digest(secret: str, stamp: str, body: bytes) -> str:
    message = stamp.encode("ascii") + b"." + bytes(body)
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


# --- The API -----------------------------------------------------------------------------


class SignedWebhookAuthentication(BaseAuthentication):
    """DRF authentication of a signed webhook, with the secrets in `secrets_setting`.

        class AuthorityEventView(APIView):
            authentication_classes = [signed_by("PERMIT_AUTHORITY_WEBHOOK_SECRETS")]
            permission_classes = [HasValidSignature]

    A request passes as the anonymous user with `request.auth` the Verified signature; any
    other request is refused (401 in the one error shape, with the reason's code; 503 when
    no secret is configured), before the view parses the body.
    """

    secrets_setting = ""

    def authenticate(self, request):
        try:
            # The bytes as sent. The JSON depth guard (portal/middleware.py) has usually read
            # them already; if DRF had parsed the stream first they would be gone.
            body = request._request.body
        except RawPostDataException as exc:
            raise RuntimeError(
                "request.data was read before the webhook's signature was checked"
            ) from exc
        try:
            verified = verify(body, request.headers, webhook_secrets(self.secrets_setting))
        except SignatureError as error:
            logger.warning("Signed webhook refused (%s): %s %s", self.secrets_setting,
                           error.code, request.path)
            raise _api_exception(error) from error
        if verified.secret_index:
            logger.info("Signed webhook (%s) verified with secret #%s: the sender still uses "
                        "an older secret", self.secrets_setting, verified.secret_index)
        return AnonymousUser(), verified

    def authenticate_header(self, request) -> str:
        return CHALLENGE


class HasValidSignature(BasePermission):
    """Lets in only a request whose signature SignedWebhookAuthentication verified."""

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, Verified)


def signed_by(secrets_setting: str) -> type[SignedWebhookAuthentication]:
    """The authentication class of the webhooks signed with the secrets in that setting."""
    return type(
        f"SignedBy{secrets_setting.title().replace('_', '')}",
        (SignedWebhookAuthentication,),
        {"secrets_setting": secrets_setting, "__module__": __name__},
    )


def _api_exception(error: SignatureError) -> APIException:
    if error.status == 401:
        return AuthenticationFailed(error.message, code=error.code)
    exception = APIException(error.message, code=error.code)
    exception.status_code = error.status
    return exception
