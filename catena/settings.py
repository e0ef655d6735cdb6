"""Django settings for Catena.

Every setting comes from a ``CATENA_*`` environment variable with a default that needs no
configuration: SQLite under ``./var/`` and tasks run in-process. Production sets
``CATENA_DATABASE_URL`` (PostgreSQL) and ``CATENA_BROKER_URL`` (Redis or RabbitMQ).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("CATENA_VAR_DIR", str(Path.cwd() / "var")))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("CATENA_DEBUG", False)
# `catena check --deploy` fails while this key is in use (catena.core.checks).
CATENA_INSECURE_DEV_KEY = "catena-insecure-development-key-set-CATENA_SECRET_KEY-in-production"
SECRET_KEY = os.environ.get("CATENA_SECRET_KEY", CATENA_INSECURE_DEV_KEY)
# Hot API reads write their answers without validating them (catena.core.answers); with this on,
# each such answer is validated as well and must come out the same (the test suite turns it on).
CATENA_CHECK_ANSWERS = env_bool("CATENA_CHECK_ANSWERS", DEBUG)
ALLOWED_HOSTS = env_list("CATENA_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CATENA_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "catena.core",
    "catena.accounts",
    "catena.workspace",
    "catena.parties",
    "catena.catalog",
    "catena.comms",
    "catena.sales",
    "catena.fulfilment",
    "catena.service",
    "catena.insights",
    "catena.integrations",
    "catena.portal",
    "catena.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # after authentication: a signed-in user's own language comes first
    "catena.accounts.middleware.UserLanguageMiddleware",
    "catena.core.middleware.SecurityHeadersMiddleware",
    "catena.core.middleware.StaticCSPMiddleware",
    "catena.accounts.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # last: turns a sign-in refused for too many failures into the "try again later" page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "catena.urls"
WSGI_APPLICATION = "catena.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "insights:home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "catena.core.context_processors.navigation",
                "catena.workspace.context_processors.workspace_counts",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("CATENA_DATABASE_URL", f"sqlite:///{VAR_DIR / 'catena.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run while one writer writes; IMMEDIATE avoids upgrade deadlocks.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("CATENA_TEST_SQLITE_NAME", "")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background work ------------------------------------------------------------------------
BROKER_URL = os.environ.get("CATENA_BROKER_URL", "")
CELERY_BROKER_URL = BROKER_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CATENA_TASK_QUEUE", "catena")
# Periodic work, run by `celery -A catena beat` next to the workers (see docs/operations.md).
CELERY_BEAT_SCHEDULE = {
    # events whose after-commit dispatch was lost (a worker died) are picked up within a minute
    "dispatch-pending-events": {"task": "core.dispatch_events", "schedule": 60.0},
    # webhook deliveries whose retry task was lost are queued again
    "sweep-webhook-deliveries": {"task": "integrations.sweep_webhook_deliveries", "schedule": 300.0},
    # webhook attempts older than CATENA_WEBHOOK_ATTEMPT_DAYS are deleted, a batch at a time
    "prune-webhook-attempts": {"task": "integrations.prune_webhook_attempts", "schedule": 3600.0},
    # the flow analytics snapshot behind /flow/ and /api/v1/analytics/flow
    "compute-flow-metrics": {"task": "insights.compute_flow_metrics", "schedule": 3600.0},
    # quotes past their validity become expired
    "expire-quotes": {"task": "sales.expire_quotes", "schedule": 6 * 3600.0},
    # assignees hear of activities that became due, once each
    "notify-due-activities": {"task": "workspace.notify_due_activities", "schedule": 300.0},
    # SLA clocks that reached their warning, due or escalation time are announced
    "sweep-sla-clocks": {"task": "service.sweep_sla_clocks", "schedule": 60.0},
    # the daily e-mail digest of unread notifications, early in the working day
    "send-digests": {"task": "workspace.send_digests", "schedule": crontab(hour=7, minute=30)},
    # promises to customers whose due time passed unkept become broken
    "break-overdue-promises": {"task": "service.break_overdue_promises", "schedule": 300.0},
    # customers not asked within CATENA_NPS_DAYS get the NPS survey, in the morning
    "send-nps-surveys": {"task": "service.send_nps_surveys", "schedule": crontab(hour=10, minute=0)},
}
CELERY_TIMEZONE = os.environ.get("CATENA_TIME_ZONE", "Asia/Shanghai")  # crontab entries: local time
# Without a broker there is no beat: `catena serve` runs these (task → seconds) in a thread
# (catena.core.schedule). A failed webhook delivery waits there for its next attempt's time.
IN_PROCESS_SCHEDULE = {
    "integrations.deliver_due_webhooks": 30.0,
    "workspace.notify_due_activities": 300.0,
    "service.sweep_sla_clocks": 60.0,
    "workspace.send_digests": 24 * 3600.0,
    "service.break_overdue_promises": 300.0,
    "service.send_nps_surveys": 24 * 3600.0,
}


# --- E-mail ---------------------------------------------------------------------------------
# CATENA_EMAIL_URL: smtp://user:password@host:587 (STARTTLS), smtps://…:465 (TLS), or console://
# (the default: mails are written to the process's output, nothing leaves the machine).
def email_settings(url: str) -> dict[str, Any]:
    parsed = urlsplit(url)
    if parsed.scheme in ("smtp", "smtps"):
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parsed.hostname or "localhost",
            "EMAIL_PORT": parsed.port or (465 if parsed.scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parsed.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
            "EMAIL_USE_SSL": parsed.scheme == "smtps",
            "EMAIL_USE_TLS": parsed.scheme == "smtp" and parsed.port == 587,
        }
    if parsed.scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}


_email = email_settings(os.environ.get("CATENA_EMAIL_URL", "console://"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("CATENA_EMAIL_FROM", "Catena <catena@localhost>")
# The address people reach this installation at, for the links in e-mails.
CATENA_SITE_URL = os.environ.get("CATENA_SITE_URL", "http://localhost:8000")

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in throttling (django-axes): after CATENA_LOGIN_FAILURE_LIMIT wrong passwords for one
# account, or from one address, sign-in (/accounts/login/ and /admin/login/) is refused for
# CATENA_LOGIN_COOLOFF_MINUTES, even with the right password. API tokens are not affected.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("CATENA_LOGIN_THROTTLE", True)
AXES_FAILURE_LIMIT = int(os.environ.get("CATENA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("CATENA_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each counted on its own
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "catena.accounts.views.signin.signin_locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_DISABLE_ACCESS_LOG = True  # failures are kept and logged; successful sign-ins are not stored
AXES_SENSITIVE_PARAMETERS: list[str] = []  # the log names the account and address (never the password)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
# The installation's default, for a visitor whose browser names no language (and for commands).
LANGUAGE_CODE = os.environ.get("CATENA_LANGUAGE_CODE", "zh-hans").strip().lower()
if LANGUAGE_CODE not in {code for code, _name in LANGUAGES}:
    raise ImproperlyConfigured(f"CATENA_LANGUAGE_CODE must be one of zh-hans, en (not {LANGUAGE_CODE!r}).")
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["catena.formats"]  # thousands grouped alike in every language
TIME_ZONE = os.environ.get("CATENA_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
CATENA_DEFAULT_CURRENCY = os.environ.get("CATENA_DEFAULT_CURRENCY", "CNY")
CATENA_DEFAULT_PHONE_REGION = os.environ.get("CATENA_DEFAULT_PHONE_REGION", "CN")

# --- Static files (vendor assets come from npm, see frontend/package.json) ------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("CATENA_STATIC_ROOT", str(VAR_DIR / "static")))
if STATIC_ROOT.is_relative_to(VAR_DIR):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it; collectstatic fills it
_NODE_MODULES = Path(os.environ.get("CATENA_NODE_MODULES", str(PROJECT_DIR / "frontend" / "node_modules")))
STATICFILES_DIRS = [
    BASE_DIR / "static",  # our own CSS and JS (catena/static/catena/…)
    ("vendor/htmx", _NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", _NODE_MODULES / "echarts" / "dist"),
    ("vendor/pico", _NODE_MODULES / "@picocss" / "pico" / "css"),
]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(os.environ.get("CATENA_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served: files are downloaded through the access gate only
# Attachments: kept under MEDIA_ROOT unless CATENA_STORAGE_URL names an S3-compatible bucket
# (s3://bucket/prefix, with django-storages[s3] installed: pip install -e ".[s3]").
CATENA_STORAGE_URL = os.environ.get("CATENA_STORAGE_URL", "")
if CATENA_STORAGE_URL:
    _storage = urlsplit(CATENA_STORAGE_URL)
    if _storage.scheme != "s3" or not _storage.netloc:
        raise ImproperlyConfigured("CATENA_STORAGE_URL must look like s3://bucket or s3://bucket/prefix")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _storage.netloc,
            "location": _storage.path.strip("/"),
            "endpoint_url": os.environ.get("CATENA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("CATENA_S3_REGION") or None,
            "access_key": os.environ.get("CATENA_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("CATENA_S3_SECRET_ACCESS_KEY") or None,
            "addressing_style": os.environ.get("CATENA_S3_ADDRESSING_STYLE") or None,
            "default_acl": None,  # private: the bucket's policy decides, nothing is public-read
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
CATENA_UPLOAD_MAX_BYTES = int(os.environ.get("CATENA_UPLOAD_MAX_BYTES", str(25 * 1024 * 1024)))
# A dotted path to a callable(file) -> "clean" | "infected" run on every attachment; empty: not scanned.
CATENA_VIRUS_SCAN = os.environ.get("CATENA_VIRUS_SCAN", "")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
CATENA_IMPORT_MAX_BYTES = int(os.environ.get("CATENA_IMPORT_MAX_BYTES", str(200 * 1024 * 1024)))
# Days each webhook attempt (request and answer) is kept for debugging receivers; 0 keeps them forever.
CATENA_WEBHOOK_ATTEMPT_DAYS = int(os.environ.get("CATENA_WEBHOOK_ATTEMPT_DAYS", "30"))

# --- SLA working calendar (catena.service.sla) ----------------------------------------------
# Business hours on mainland China's working days (holidays and adjusted working days, 调休,
# from the chinesecalendar package), as local periods; the gap between two periods is a break.
CATENA_SLA_HOURS = os.environ.get("CATENA_SLA_HOURS", "09:00-12:00,13:00-18:00")
CATENA_SLA_TIME_ZONE = os.environ.get("CATENA_SLA_TIME_ZONE", "Asia/Shanghai")
# Surveys: a survey's link works this many days; a customer's address gets the NPS survey at most
# once per CATENA_NPS_DAYS.
CATENA_SURVEY_DAYS = int(os.environ.get("CATENA_SURVEY_DAYS", "14"))
CATENA_NPS_DAYS = int(os.environ.get("CATENA_NPS_DAYS", "90"))

# System checks to leave out, by id, comma-separated. CI leaves out catena.service.W001 (no
# holiday schedule for this year yet): it depends on the day it runs, not on the code.
SILENCED_SYSTEM_CHECKS = [
    c.strip() for c in os.environ.get("CATENA_SILENCED_CHECKS", "").split(",") if c.strip()
]

# --- Security -------------------------------------------------------------------------------
# Secure by default; CATENA_HTTPS=0 turns the HTTPS-only settings off for plain-HTTP local use.
HTTPS = env_bool("CATENA_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("CATENA_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("CATENA_BEHIND_PROXY") else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("CATENA_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Scripts only from our own static files: no inline <script>, no on…= handlers, no eval (htmx runs
# with allowEval off, see base.html). Styles may be inline (style= attributes in the templates);
# images may be data: URLs (the favicon, Pico's icons). Permissions-Policy and Cache-Control come
# from catena.core.middleware.SecurityHeadersMiddleware.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Logging --------------------------------------------------------------------------------
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"refusal_without_traceback": {"()": "catena.core.log_filters.RefusalWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CATENA_LOG_LEVEL", "INFO")},
    # the sign-in throttle logs every start and sign-in at INFO; its lock-outs are warnings
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "django.request": {"filters": ["refusal_without_traceback"]},
    },
}
if not BROKER_URL:
    # Tasks run in this process: a line per task, and kombu's remark that the in-memory broker has
    # no host name, would fill the web server's log (and the demo's terminal) with noise.
    LOGGING["loggers"] |= {"celery.app.trace": {"level": "WARNING"}, "kombu.connection": {"level": "ERROR"}}

NINJA_PAGINATION_PER_PAGE = 50
