"""Settings for the pilgrim e-services portal, read from the environment.

Development defaults are safe: with DEBUG off (the default) the portal refuses to start
without a SECRET_KEY, and `make run` switches DEBUG on for the developer's machine.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.conf import global_settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HAJJPORTAL_VAR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("TESTING", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-never-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Every link in an SMS or an e-mail starts with SITE_URL, never with a request's Host header
# (accounts.adapter, portal.mail): a forged Host must not put its own address in a reset link.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The name e-mails are signed and sent from ("<SITE_NAME> <DEFAULT_FROM_EMAIL>"), translated
# into the reader's language unless the environment names it.
SITE_NAME = os.environ.get("SITE_NAME") or _("Pilgrim e-services portal")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.headless",
    "parler",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "phonenumber_field",
    "django_countries",
    "csp",
    # The portal's own apps, one concern each.
    "accounts",
    "portal",
    "notifications",
    "consent",
    "permits",
    "packages",
    "complaints",
    "compensation",
    "refunds",
    "ledger",
    "sla",
    "servicedesk",
    "casework",
    "transfers",
    "centres",
    "legal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.LocaleMiddleware",
    "portal.middleware.VersionsMiddleware",
    "portal.middleware.JsonDepthMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every write's history rows (pghistory) carry who acted and the address they called.
    "portal.audit.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffMfaRequiredMiddleware",
    # Last: it runs the sign-in views itself, refusing them while the limits cannot count.
    "accounts.middleware.SignInLimitsFailClosedMiddleware",
]

# The JSON API's middleware (hajjportal/handlers.py): MIDDLEWARE without what acts on HTML
# pages only. DRF authenticates and checks CSRF itself; the HTML docs under the prefix keep
# MIDDLEWARE.
PAGE_ONLY_MIDDLEWARE = {
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffMfaRequiredMiddleware",
    "accounts.middleware.SignInLimitsFailClosedMiddleware",
}
API_MIDDLEWARE = [name for name in MIDDLEWARE if name not in PAGE_ONLY_MIDDLEWARE]
API_PATH_PREFIX = "/api/v1/"
API_HTML_PATHS = ("/api/v1/docs/",)

ROOT_URLCONF = "hajjportal.urls"
WSGI_APPLICATION = "hajjportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
                "legal.context_processors.terms",
            ],
        },
    },
]

# --- Data stores ------------------------------------------------------------------------

# DATABASE_URL is set by the embedded launcher (hajjportal/embedded.py) when the user has no
# server of their own; PostgreSQL is required everywhere (row locks, SKIP LOCKED, triggers).
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hajjportal")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
# Django's PostgreSQL backend, with a health check that reads the socket instead of sending
# SELECT 1 before every request (hajjportal/db/base.py).
DATABASES["default"]["ENGINE"] = "hajjportal.db"
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Django's cursors bind on the client and never prepare; the booking's hot statements use
# server-side cursors (hajjportal/db/prepared.py), which psycopg prepares after this many runs on a
# connection. Empty turns preparing off (behind a transaction-pooling PgBouncer).
_PREPARE_THRESHOLD = os.environ.get("DATABASE_PREPARE_THRESHOLD", "5")
DATABASES["default"]["OPTIONS"] = {
    "prepare_threshold": int(_PREPARE_THRESHOLD) if _PREPARE_THRESHOLD else None}
# Behind a transaction-pooling PgBouncer a named cursor (QuerySet.iterator()) could outlive the
# transaction that holds its server connection: such deployments turn them off.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
    "DATABASE_DISABLE_SERVER_SIDE_CURSORS", False)
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
# Redis down degrades the cache to misses and no-ops instead of failing requests
# (hajjportal/cache.py: sessions come from PostgreSQL, read throttles fail open, the login
# limits fail closed). CACHE_DEGRADE off gives the stock behaviour, a 500 for every signed-in
# request while Redis is down: only tests/test_reliability_redis_down.py's control run uses it.
# After a failure Redis is left alone for CACHE_RETRY_SECONDS; no cache call waits for Redis
# longer than CACHE_SOCKET_TIMEOUT (a host that is gone answers by timeout, not refusal).
CACHE_DEGRADE = env_bool("CACHE_DEGRADE", True)
CACHE_RETRY_SECONDS = float(os.environ.get("CACHE_RETRY_SECONDS", "1"))
CACHE_SOCKET_TIMEOUT = float(os.environ.get("CACHE_SOCKET_TIMEOUT", "1"))
# The page furniture (maintenance banner, care centre) is cached per change (portal/furniture.py);
# a write no signal sees (a bulk insert, an edit while Redis was down) shows within this.
FURNITURE_CACHE_SECONDS = int(os.environ.get("FURNITURE_CACHE_SECONDS", "300"))
# Rendered fragments of shared pages ({% cache %} keyed by a version their writes bump, so
# this only bounds what a write no signal sees, and Redis's memory).
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "3600"))
CACHES = {
    "default": {
        "BACKEND": ("hajjportal.cache.DegradingRedisCache" if CACHE_DEGRADE
                    else "hajjportal.cache.RedisCache"),
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "hajjportal"),
        "OPTIONS": {"socket_connect_timeout": CACHE_SOCKET_TIMEOUT,
                    "socket_timeout": CACHE_SOCKET_TIMEOUT},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# The waiting room of releases (permits/waiting_room.py): its queue's Redis (the cache's unless
# given), and the longest a pre-queued pilgrim is told to wait before polling again.
WAITING_ROOM_REDIS_URL = os.environ.get("WAITING_ROOM_REDIS_URL", "")
WAITING_ROOM_PREQUEUE_POLL = int(os.environ.get("WAITING_ROOM_PREQUEUE_POLL", "10"))

# --- Celery -----------------------------------------------------------------------------

CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged only after it ran, and a worker holds one message at a time, so a
# crash hands the message to another worker instead of losing it (services make it idempotent).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600}
# Publishing happens after commit inside a request: give up quickly when Redis is down (the
# outbox rows stay queued and redispatch_stuck_sms publishes them later).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Riyadh"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# How often the beat offers the surveys that fell due (sla.services.surveys_offer_due).
SLA_SURVEY_SWEEP_SECONDS = float(os.environ.get("SLA_SURVEY_SWEEP_SECONDS", "300"))
# How often the deadline sweeps run (seconds): an escalation or a flag is at most this late.
SERVICEDESK_ESCALATION_SWEEP_SECONDS = int(
    os.environ.get("SERVICEDESK_ESCALATION_SWEEP_SECONDS", "300"))
# How often cases about to miss a deadline are looked for (casework.at_risk).
CASEWORK_AT_RISK_SWEEP_SECONDS = int(os.environ.get("CASEWORK_AT_RISK_SWEEP_SECONDS", "300"))
PERMITS_HAJJ_OVERDUE_SWEEP_SECONDS = int(
    os.environ.get("PERMITS_HAJJ_OVERDUE_SWEEP_SECONDS", "900"))
CELERY_BEAT_SCHEDULE = {
    # Last month's report for each national complaints system, on the 1st (made once).
    "complaints-monthly-reports": {
        "task": "complaints.tasks.generate_monthly_reports",
        "schedule": crontab(minute=30, hour=1, day_of_month=1),
    },
    # A rule change staff scheduled takes effect within this minute of its day's start.
    "portal-apply-due-rule-changes": {
        "task": "portal.tasks.apply_due_rule_changes",
        "schedule": timedelta(minutes=1),
    },
    "permits-expire-waitlist-offers": {
        "task": "permits.tasks.expire_waitlist_offers",
        "schedule": timedelta(minutes=1),
    },
    "consent-lapse-invitations": {
        "task": "consent.tasks.lapse_invitations",
        "schedule": timedelta(minutes=1),
    },
    "permits-mark-no-shows": {
        "task": "permits.tasks.mark_no_shows",
        "schedule": timedelta(minutes=15),
    },
    # Often, so a row whose sending lease expired (a worker lost) waits seconds, not minutes.
    "notifications-redispatch-stuck-sms": {
        "task": "notifications.tasks.redispatch_stuck_sms",
        "schedule": timedelta(seconds=10),
    },
    "sla-worker-heartbeat": {
        "task": "portal.tasks.worker_heartbeat",
        "schedule": timedelta(seconds=30),
    },
    "sla-probe": {
        "task": "sla.tasks.probe",
        "schedule": timedelta(minutes=1),
    },
    "sla-rollup-refresh": {
        "task": "sla.tasks.rollup_refresh",
        "schedule": timedelta(minutes=1),
    },
    # Satisfaction surveys whose time came (a slot ended, a season over): sla.services.
    "sla-offer-due-surveys": {
        "task": "sla.tasks.offer_due_surveys",
        "schedule": timedelta(seconds=SLA_SURVEY_SWEEP_SECONDS),
    },
    "complaints-escalate-overdue": {
        "task": "complaints.tasks.escalate_overdue_complaints",
        "schedule": timedelta(minutes=1),
    },
    # Deadlines that sweep themselves: desk requests and enquiries climb the escalation
    # chain; Hajj permit requests past their processing time are flagged (intervals below).
    "servicedesk-escalate-overdue": {
        "task": "servicedesk.tasks.escalate_overdue_desk_requests",
        "schedule": timedelta(seconds=SERVICEDESK_ESCALATION_SWEEP_SECONDS),
    },
    "casework-mark-cases-at-risk": {
        "task": "casework.tasks.mark_cases_at_risk",
        "schedule": timedelta(seconds=CASEWORK_AT_RISK_SWEEP_SECONDS),
    },
    "permits-flag-overdue-hajj-requests": {
        "task": "permits.tasks.flag_overdue_hajj_requests",
        "schedule": timedelta(seconds=PERMITS_HAJJ_OVERDUE_SWEEP_SECONDS),
    },
    "compensation-escalate-overdue-claims": {
        "task": "compensation.tasks.escalate_overdue_claims",
        "schedule": timedelta(minutes=15),
    },
    # Refunds to the card: parts nobody picked up, leases of lost workers (every 10 s, as
    # the SMS outbox), and parts the gateway accepted whose webhook never came.
    "packages-redispatch-refund-parts": {
        "task": "packages.tasks.redispatch_refund_parts",
        "schedule": timedelta(seconds=10),
    },
    "packages-look-up-pending-refund-parts": {
        "task": "packages.tasks.look_up_pending_refund_parts",
        "schedule": timedelta(minutes=1),
    },
    # Compensation paid out to pilgrims: the same outbox as the refunds (packages.outbox).
    "compensation-redispatch-payouts": {
        "task": "compensation.tasks.redispatch_payouts",
        "schedule": timedelta(seconds=10),
    },
    "compensation-look-up-pending-payouts": {
        "task": "compensation.tasks.look_up_pending_payouts",
        "schedule": timedelta(minutes=1),
    },
    "compensation-escalate-overdue-debts": {
        "task": "compensation.tasks.escalate_overdue_debts",
        "schedule": timedelta(minutes=15),
    },
    # Held guarantees are checked again each tick: released within the hour once the last
    # complaint, claim or debt of the provider's season is closed.
    "compensation-release-guarantees": {
        "task": "compensation.tasks.release_guarantees",
        "schedule": timedelta(hours=1),
    },
    "packages-cancel-overdue-bookings": {
        "task": "packages.tasks.cancel_overdue_bookings",
        "schedule": timedelta(minutes=5),
    },
    "transfers-match-open": {
        "task": "transfers.tasks.match_open",
        "schedule": timedelta(minutes=5),
    },
    "transfers-lapse-overdue-matches": {
        "task": "transfers.tasks.lapse_overdue_matches",
        "schedule": timedelta(minutes=10),
    },
    "transfers-lapse-at-season-close": {
        "task": "transfers.tasks.lapse_at_season_close",
        "schedule": timedelta(minutes=30),
    },
    "portal-purge-idempotency-keys": {
        "task": "portal.tasks.idempotency_keys_purge",
        "schedule": timedelta(hours=1),
    },
}

# --- Beat sweeps (portal/sweeps.py) -----------------------------------------------------

# Each tick of a sweep (escalations, deadlines) claims due rows in batches of this size with
# SKIP LOCKED, so sweepers running at once split a backlog, and goes on until nothing is due
# or its time budget runs out (under the shortest sweep interval, a minute). A claim lasts the
# budget plus the margin (one row in hand when the budget ends): the rows of a sweeper that
# died are taken again after that.
SWEEP_BATCH_SIZE = int(os.environ.get("SWEEP_BATCH_SIZE", "100"))
SWEEP_TIME_BUDGET_SECONDS = float(os.environ.get("SWEEP_TIME_BUDGET_SECONDS", "45"))
SWEEP_CLAIM_MARGIN_SECONDS = float(os.environ.get("SWEEP_CLAIM_MARGIN_SECONDS", "15"))

# The holiday rules' admin action generates the days of this Hijri year and of this many
# coming years (opening a season generates its own years whatever this says).
HOLIDAY_SEED_YEARS_AHEAD = int(os.environ.get("HOLIDAY_SEED_YEARS_AHEAD", "4"))

# --- Authentication ---------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
# The stock backends, loading the signed-in user with one precompiled SELECT (accounts/backends.py).
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Django's advice for test runs: PBKDF2's million rounds cost a quarter of a second a
    # hash here, paid for every account a test makes and every sign-in. The stock hashers
    # stay after it, so a hash made with them still checks.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                        *global_settings.PASSWORD_HASHERS]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"

# New sign-ups join the pilgrim group and complete their profile first (accounts/adapter.py).
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# "Signed in as ..." and the like name the person (their profile), not the username.
ACCOUNT_USER_DISPLAY = "accounts.selectors.display_name"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# The acceptance of the terms in force, on the web form and the headless API alike (legal).
ACCOUNT_SIGNUP_FORM_CLASS = "legal.forms.SignupTermsForm"
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# A new mobile number is confirmed by a 6-digit code sent to it (accounts.services): how long
# a code lasts, how many wrong tries it takes, and how soon another may be sent.
MOBILE_CHANGE_CODE_MINUTES = int(os.environ.get("MOBILE_CHANGE_CODE_MINUTES", "10"))
MOBILE_CHANGE_CODE_ATTEMPTS = int(os.environ.get("MOBILE_CHANGE_CODE_ATTEMPTS", "5"))
MOBILE_CHANGE_RESEND_SECONDS = int(os.environ.get("MOBILE_CHANGE_RESEND_SECONDS", "60"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Pilgrim e-services portal"
# A code from the 30-second step before or after the server's also signs in (RFC 6238, 5.2):
# a phone's clock a few seconds off, or a code typed just as it rolls over, is not refused.
MFA_TOTP_TOLERANCE = 1
HEADLESS_CLIENTS = ("app", "browser")
# One read of the session per X-Session-Token request instead of two (hajjportal/tokens.py).
HEADLESS_TOKEN_STRATEGY = "hajjportal.tokens.SingleLookupSessionTokenStrategy"
HEADLESS_FRONTEND_URLS = {
    "account_confirm_email": SITE_URL + "/accounts/confirm-email/{key}/",
    "account_reset_password_from_key": SITE_URL + "/accounts/password/reset/key/{key}/",
    "account_signup": SITE_URL + "/accounts/signup/",
}

# --- REST API ---------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "portal.authentication.SessionTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON for the apps; the browsable HTML renderer only where developers look at it.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"] + (
        ["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    # Every body the API reads is a JSON object (or a form): portal/parsers.py.
    "DEFAULT_PARSER_CLASSES": ["portal.parsers.JSONObjectParser",
                               "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "portal.negotiation.PlainAcceptNegotiation",
    # drf-spectacular's, with every operation's refusals documented (portal/schema.py).
    "DEFAULT_SCHEMA_CLASS": "portal.schema.AutoSchema",
    "EXCEPTION_HANDLER": "portal.api_errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Pilgrim e-services portal API",
    "DESCRIPTION": "Permits, packages, complaints, compensation and refunds for pilgrims.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that several components share get one stable name each (instead of a
    # hash suffix that changes with the choices), so generated clients keep their types.
    "ENUM_NAME_OVERRIDES": {
        "ComplaintStatusEnum": "complaints.models.Status",
        "ComplaintItemEnum": "complaints.models.ITEM_CHOICES",
        "ComplaintFailureEnum": "complaints.models.FAILURE_CHOICES",
        "DeskRequestStatusEnum": "servicedesk.models.DeskRequest.Status",
        "TransferFilingStatusEnum": "transfers.models.Offer.Status",
        "BookingStatusEnum": "permits.models.Booking.Status",
        "DependantRelationEnum": "consent.models.Dependant.Relation",
        "RelationEnum": "transfers.models.Relation",
    },
}

# --- Limits and client addresses ---------------------------------------------------------

# How many proxies we run in front of the portal (load balancer, nginx). Every limit keyed on
# a client address reads it through accounts.limits.client_ip: with 0, X-Forwarded-For is
# ignored and the address is the connection's; with N, the Nth address from the right of
# X-Forwarded-For (the one our outermost proxy appended), so a client-set header can neither
# reset nor dodge a limit. DRF's throttles and allauth read the same number.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT
# allauth's rate limits (in the Redis cache). Failed logins count per account first (the
# e-mail typed), so one person's wrong passwords lock only that account; the per-address
# line is far higher, for a script spraying many accounts, because thousands of pilgrims
# share one address behind a camp's Wi-Fi or a carrier's NAT. The per-account rate comes
# first: a locked account's retries are refused before they count against its address.
LOGIN_FAILURES_PER_ACCOUNT = os.environ.get("LOGIN_FAILURES_PER_ACCOUNT", "5/5m")
LOGIN_FAILURES_PER_ADDRESS = os.environ.get("LOGIN_FAILURES_PER_ADDRESS", "100/15m")
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"{LOGIN_FAILURES_PER_ACCOUNT}/key,{LOGIN_FAILURES_PER_ADDRESS}/ip",
    # Every login POST, right or wrong: a flood guard only, high for the same shared addresses.
    "login": os.environ.get("LOGIN_ATTEMPTS_PER_ADDRESS", "300/m") + "/ip",
    "signup": "20/m/ip",
    "reset_password": "5/m/ip,3/m/key",
}
# The public transaction inquiry (servicedesk.limits): a client address may fail this many
# times, then waits INQUIRY_FIRST_WAIT_SECONDS, doubling with each further failure up to
# INQUIRY_MAX_WAIT_SECONDS; its failures are forgotten after a day without one.
INQUIRY_FREE_FAILURES = int(os.environ.get("INQUIRY_FREE_FAILURES", "5"))
INQUIRY_FIRST_WAIT_SECONDS = int(os.environ.get("INQUIRY_FIRST_WAIT_SECONDS", "30"))
INQUIRY_MAX_WAIT_SECONDS = int(os.environ.get("INQUIRY_MAX_WAIT_SECONDS", "3600"))
INQUIRY_FORGET_SECONDS = int(os.environ.get("INQUIRY_FORGET_SECONDS", str(24 * 3600)))

# --- Hostile input ----------------------------------------------------------------------
# Technical limits on what a client may send, so that no input is a 500 (README, "Fuzzing
# the API"); business limits (a season's dates, a policy's clients) are data in the admin.
# Deeper JSON bodies are refused before any view parses them (portal.middleware).
JSON_MAX_DEPTH = int(os.environ.get("JSON_MAX_DEPTH", "32"))
HEADLESS_PATH_PREFIX = "/_allauth/"
# Every date and time an API client sends lies within these years (portal.serializers).
INPUT_YEAR_MIN = int(os.environ.get("INPUT_YEAR_MIN", "1900"))
INPUT_YEAR_MAX = int(os.environ.get("INPUT_YEAR_MAX", "2200"))
# The largest amount (SAR) and count a client may send: what the money columns hold
# (12 digits, 2 decimals) with room for the calculators' doubling.
INPUT_AMOUNT_MAX = os.environ.get("INPUT_AMOUNT_MAX", "100000000.00")
INPUT_COUNT_MAX = int(os.environ.get("INPUT_COUNT_MAX", "1000"))
# allauth serves the headless API's OpenAPI specification (/_allauth/openapi.json), which
# tests/test_api_fuzzing.py fuzzes the login with.
HEADLESS_SERVE_SPECIFICATION = True

# One Idempotency-Key store for every API endpoint that changes something (portal/idempotency.py).
# A request that finds its key still running polls for the first one's answer this long, then
# answers 409 in_progress; a claim older than the abandoned age belongs to a process that
# died without answering and may be taken over (above any request's run time: the gateway's
# timeout and a lock wait included); answered keys are deleted after the retention (beat).
IDEMPOTENCY_WAIT_SECONDS = float(os.environ.get("IDEMPOTENCY_WAIT_SECONDS", "5"))
IDEMPOTENCY_ABANDONED_SECONDS = float(os.environ.get("IDEMPOTENCY_ABANDONED_SECONDS", "120"))
IDEMPOTENCY_RETENTION_HOURS = float(os.environ.get("IDEMPOTENCY_RETENTION_HOURS", "24"))

# Every audit event in one admin list, identity numbers masked as in every other list.
PGHISTORY_ADMIN_CLASS = "accounts.admin.IdentityMaskedEventsAdmin"

# --- Internationalisation ---------------------------------------------------------------

LANGUAGE_CODE = "ar"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("en", _("English")),
    ("ms", _("Malay")),
    ("fa", _("Persian")),
    ("ur", _("Urdu")),
    ("id", _("Indonesian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Riyadh"
USE_TZ = True
PARLER_LANGUAGES = {
    None: tuple({"code": code} for code, _name in LANGUAGES),
    "default": {"fallbacks": ["en", "ar"], "hide_untranslated": False},
}
PHONENUMBER_DEFAULT_REGION = "SA"
PHONENUMBER_DEFAULT_FORMAT = "E164"

# --- Static and uploaded files ----------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# Uploads are never served directly: views check who may see them.
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- E-mail and SMS ---------------------------------------------------------------------

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
# The address alone: the sender's name is SITE_NAME in the reader's language (portal.mail).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@pilgrim-portal.example")
# The longest one SMTP socket operation may take; an e-mail's sending lease is well above a
# whole send (several of them), so a send still in flight is not taken for a lost worker.
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "30"))
EMAIL_SENDING_LEASE_SECONDS = float(os.environ.get("EMAIL_SENDING_LEASE_SECONDS", "300"))

# The default SMS backend writes to the log and to var/sms.log; production sets the gateway.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "notifications.backends.FileBackend")
SMS_FILE_PATH = Path(os.environ.get("SMS_FILE_PATH", VAR_DIR / "sms.log"))
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")
SMS_SENDER = os.environ.get("SMS_SENDER", "HAJJPORTAL")
# The longest one request to the gateway may take (connect, send and answer a third each).
SMS_GATEWAY_TIMEOUT = float(os.environ.get("SMS_GATEWAY_TIMEOUT", "10"))
# Before sending again an SMS whose last try may have arrived (a worker lost mid-send, a
# timeout), ask the gateway for its key (notifications/backends.py). Off only for a gateway
# without the status lookup, which must then deduplicate by key itself.
SMS_GATEWAY_LOOKUP = env_bool("SMS_GATEWAY_LOOKUP", True)
SMS_MAX_ATTEMPTS = int(os.environ.get("SMS_MAX_ATTEMPTS", "8"))
# Backoff after a failed try: base, 2 x base, 4 x base ... up to the cap (tests shorten it).
SMS_RETRY_BASE_SECONDS = float(os.environ.get("SMS_RETRY_BASE_SECONDS", "30"))
SMS_RETRY_MAX_SECONDS = float(os.environ.get("SMS_RETRY_MAX_SECONDS", "3600"))
# A row in "sending" longer than its lease belonged to a worker that died; it is queued
# again. The lease is two gateway timeouts (lookup and send) plus this margin
# (notifications.services.sms_sending_lease): 25 s by default.
SMS_SENDING_LEASE_MARGIN_SECONDS = float(os.environ.get("SMS_SENDING_LEASE_MARGIN_SECONDS", "5"))
# A queued row this long past its time was never picked up (broker down at commit, crash
# between commit and publish): redispatch_stuck_sms publishes it again.
SMS_REDISPATCH_AFTER_SECONDS = float(os.environ.get("SMS_REDISPATCH_AFTER_SECONDS", "60"))
SMS_REDISPATCH_BATCH_SIZE = int(os.environ.get("SMS_REDISPATCH_BATCH_SIZE", "100"))
# Above 0, web processes publish send tasks in batches over this window, from a background
# thread (notifications/dispatch.py), instead of one task per SMS inside the request.
SMS_PUBLISH_BATCH_SECONDS = float(os.environ.get("SMS_PUBLISH_BATCH_SECONDS", "0"))
# Inbound SMS (notifications.inbound: "STATUS <reference>"): a number is answered this many
# times an hour; beyond it nothing is sent until its oldest answer is an hour old.
SMS_INBOUND_ANSWERS_PER_HOUR = int(os.environ.get("SMS_INBOUND_ANSWERS_PER_HOUR", "10"))

# --- Payments ---------------------------------------------------------------------------

# The card processor (packages/payments.py); development and tests run the local fake,
# `python -m devtools.fake_payment_gateway --port 8790`.
PAYMENT_GATEWAY_URL = os.environ.get("PAYMENT_GATEWAY_URL", "http://127.0.0.1:8790")
PAYMENT_GATEWAY_TIMEOUT = float(os.environ.get("PAYMENT_GATEWAY_TIMEOUT", "10"))
# Refunds go back to the card (packages/refunding.py) and compensation is paid out
# (compensation/payouts.py) through the gateway, as an outbox (packages/outbox.py).
# Before sending again a refund whose last request may have arrived (a worker lost
# mid-send, a timeout), look its key up at the gateway. Off only to show, in a test, the
# double refund it prevents with a gateway that does not deduplicate.
PAYMENT_GATEWAY_LOOKUP = env_bool("PAYMENT_GATEWAY_LOOKUP", True)
REFUND_MAX_ATTEMPTS = int(os.environ.get("REFUND_MAX_ATTEMPTS", "8"))
# Backoff after a failed try: base, 2 x base, 4 x base ... up to the cap.
REFUND_RETRY_BASE_SECONDS = float(os.environ.get("REFUND_RETRY_BASE_SECONDS", "30"))
REFUND_RETRY_MAX_SECONDS = float(os.environ.get("REFUND_RETRY_MAX_SECONDS", "3600"))
# A part "sending" longer than two gateway timeouts plus this margin lost its worker.
REFUND_SENDING_LEASE_MARGIN_SECONDS = float(
    os.environ.get("REFUND_SENDING_LEASE_MARGIN_SECONDS", "5"))
# A queued part this long past its time was never picked up: the beat publishes it again.
REFUND_REDISPATCH_AFTER_SECONDS = float(os.environ.get("REFUND_REDISPATCH_AFTER_SECONDS", "60"))
# A part accepted by the gateway and not settled by webhook after this long is looked up.
REFUND_PENDING_LOOKUP_AFTER_SECONDS = float(
    os.environ.get("REFUND_PENDING_LOOKUP_AFTER_SECONDS", "600"))
REFUND_SWEEP_BATCH_SIZE = int(os.environ.get("REFUND_SWEEP_BATCH_SIZE", "100"))

# --- Permits ----------------------------------------------------------------------------

# Ed25519 private key (PEM) that signs permit QR codes; development generates one under var/.
PERMIT_SIGNING_KEY = os.environ.get("PERMIT_SIGNING_KEY", "")

# --- Signed webhooks --------------------------------------------------------------------

# The systems that call the portal sign each request (portal/signing.py). Each setting holds
# the secrets that verify one sender's requests, comma-separated: two during a rotation.
# Development and tests have fixed secrets (the local fakes in devtools/ use them); production
# has none unless the environment sets them, and refuses those requests until it does.
_dev_webhooks = DEBUG or TESTING
PERMIT_AUTHORITY_WEBHOOK_SECRETS = env_list(
    "PERMIT_AUTHORITY_WEBHOOK_SECRETS",
    "dev-permit-authority-webhook-secret" if _dev_webhooks else "")
PAYMENT_GATEWAY_WEBHOOK_SECRETS = env_list(
    "PAYMENT_GATEWAY_WEBHOOK_SECRETS",
    "dev-payment-gateway-webhook-secret" if _dev_webhooks else "")
SMS_GATEWAY_WEBHOOK_SECRETS = env_list(
    "SMS_GATEWAY_WEBHOOK_SECRETS",
    "dev-sms-gateway-webhook-secret" if _dev_webhooks else "")
# A signed request dated further than this from our clock, either way, is refused.
SIGNED_WEBHOOK_WINDOW_SECONDS = int(os.environ.get("SIGNED_WEBHOOK_WINDOW_SECONDS", "300"))

# --- Security ---------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
_secure = not (DEBUG or TESTING) and env_bool("SECURE_COOKIES", True)
SESSION_COOKIE_SECURE = _secure
CSRF_COOKIE_SECURE = _secure
# Tests (client and live_server) speak plain HTTP; production still redirects by default.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not (DEBUG or TESTING))
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG

# A strict policy: every script and style is our own static file, nothing inline, no eval.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_identity": {"()": "accounts.masking.MaskIdentityNumbersFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_identity"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django configures its own logger at INFO before this; records it passes go on to
        # the root's handler whatever the root's level, so LOG_LEVEL is set here too (the
        # booking rush otherwise logs a WARNING line for every sold-out answer).
        "django": {"level": LOG_LEVEL},
        "django.db.backends": {"level": "WARNING"},
        # fpdf2 subsetting the PDF permit's fonts: fontTools logs some 500 INFO lines a file.
        "fontTools": {"level": "WARNING"},
    },
}
