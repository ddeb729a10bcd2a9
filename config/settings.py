"""Settings for the whole project, in one module.

Everything that differs between a laptop and production is read from the
environment here. "Production" simply means DEBUG is off: then a SECRET_KEY and
ALLOWED_HOSTS are required and the secure defaults (HTTPS redirect, secure
cookies, HSTS) are on.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    """Read a boolean strictly: a typo must not silently turn DEBUG on or HTTPS off."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true/false (or 1/0), not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as err:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from err


def envlist(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def envsecret(name: str) -> str:
    """Read NAME, or the contents of the file NAME_FILE points to (Docker secrets)."""
    if path := os.environ.get(f"{name}_FILE"):
        try:
            return Path(path).read_text().strip()
        except OSError as err:
            # A mistyped secret path must say which file, not end in a FileNotFoundError traceback.
            raise ImproperlyConfigured(
                f"{name}_FILE is {path!r}, which cannot be read ({err.strerror})."
            ) from None
    return os.environ.get(name, "")


DEBUG = envbool("DEBUG", False)

SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "csp",
    "axes",
    "minutes",
]

MIDDLEWARE = [
    # Outermost, so that every response carries the policy: static files, redirects,
    # and the error pages the middleware below answer with.
    "csp.middleware.CSPMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication (the cap depends on who asks), before anything reads the
    # body (CsrfViewMiddleware reads POST in process_view, after every __call__).
    "minutes.middleware.RequestBodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "minutes.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite in the project folder unless DATABASE_URL says otherwise (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections, checked before reuse, so the site recovers by
        # itself after a database restart instead of failing on a dead socket.
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers and one writer side by side (runserver threads, imports in the admin).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Serial plans for the app's short queries: on a large table PostgreSQL chooses
    # parallel plans for capped counts, and starting workers on busy cores costs far more
    # than the same SQL run serially; the plan then stays the same as tables grow.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c max_parallel_workers_per_gather=0"
    )

# One cache shared by every worker (gunicorn starts several processes): counted figures
# (facets, coverage) are stored once when the data changes, not once per process on a
# reader's request. The database cache needs no extra service, on SQLite as on
# PostgreSQL (its table comes with migration 0016); CACHE_URL=redis://host:6379/0 uses
# Redis (docker-compose.yml).
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
        }
    }
elif CACHE_URL in ("", "db"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "minutes_cache",
            # Stamped figures, one set per change, and a search's facets per query: the
            # default 300 entries would cull the coverage table between two imports.
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
else:
    raise ImproperlyConfigured(f"CACHE_URL must be empty, db or redis://..., not {CACHE_URL!r}")

# The cached figures are counted again in a thread of their own after a change commits
# (importing/changes.py), so that a save does not wait for a count over every item.
RECOUNT_IN_BACKGROUND = envbool("RECOUNT_IN_BACKGROUND", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# models.W040: SQLite ignores INCLUDE columns of an index. The covering index on
# public case numbers (AgendaItem.Meta) is for PostgreSQL; on SQLite it is a plain
# partial index, which is all SQLite can use anyway.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# django-axes counts failed logins and refuses a locked-out login before any password
# is checked; it must come first. ModelBackend does the authenticating.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "da"
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names; tests use plain storage so they need no collectstatic.
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"

# The uploaded minutes: larger files are refused with a Danish message on the form.
MINUTES_UPLOAD_MAX_BYTES = envint("MINUTES_UPLOAD_MAX_BYTES", 50 * 1024 * 1024)
# Seconds one parse may take before it is stopped and the clerk told (minutes/parsing/budget.py);
# below gunicorn's worker timeout, so the request answers instead of being killed.
MINUTES_PARSE_BUDGET_SECONDS = envint("MINUTES_PARSE_BUDGET_SECONDS", 25)
# Request bodies are capped by their Content-Length before anything reads them
# (minutes/middleware.py, RequestBodyLimitMiddleware): the upload form of a logged-in
# clerk may carry MINUTES_UPLOAD_MAX_BYTES plus the form around it, other admin
# forms DATA_UPLOAD_MAX_MEMORY_SIZE, and a visitor who is not logged in no more than
# a login form needs. Larger bodies get the Danish 413 page unread.
MINUTES_ANONYMOUS_BODY_MAX_BYTES = 64 * 1024
# Form fields without their files: the longest agenda item text a clerk edits in the
# admin fits many times over. Django's own check, for bodies without a Content-Length.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploaded files above this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The full-text index lives beside the database (see minutes/search/).
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR", BASE_DIR / "search-index"))

# Mail (e-mail alerts, minutes/alerts/): SMTP from the environment; in development
# the console backend prints every mail instead (tests use Django's in-memory one).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
# Seconds: a mail server that does not answer must not hold a request or the digest forever.
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Referater <referater@localhost>")
# The site's public address for links in mails (the daily digest has no request).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "")
# Alerts one address may have (confirmed or waiting for confirmation).
ALERTS_MAX_PER_ADDRESS = envint("ALERTS_MAX_PER_ADDRESS", 20)

# Production hardening, on whenever DEBUG is off. SECURE_HTTPS=false turns the
# HTTPS-only parts off for a plain-HTTP local run (docker compose on localhost).
SECURE_HTTPS = envbool("SECURE_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = SECURE_HTTPS
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
if envbool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The client's address for the login throttle and the alert limit (django-axes):
    # the one our PROXY_COUNT proxies appended to X-Forwarded-For, not one the
    # client wrote. Without a proxy, REMOTE_ADDR (axes's default).
    PROXY_COUNT = max(envint("PROXY_COUNT", 1), 1)
    AXES_CLIENT_IP_CALLABLE = "minutes.middleware.client_address"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp) on every response: only our own scripts,
# stylesheets and images, no inline script or style, no plugins, no framing. The
# pages and the admin keep their CSS and JavaScript in static files for this.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Error pages that say what went wrong, in Danish (templates/400.html, 403_csrf.html, 413.html).
CSRF_FAILURE_VIEW = "minutes.error_pages.csrf_failure"

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# username from one address, that login is refused for AXES_COOLOFF_MINUTES, even
# with the right password. Keyed on the pair, so a clerk's typos do not lock out the
# whole office behind one address, and a stranger cannot lock a clerk out from
# elsewhere. An administrator lifts a lock early with `manage.py axes_reset` (all) or
# by deleting the attempt under "Axes" in the admin.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
# 0: locked until an administrator lifts it.
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 30)) or None
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "minutes.error_pages.login_locked_out"
AXES_RESET_ON_SUCCESS = True

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # Public and read-only: no logins. DRF's default session and basic authentication
    # read the session on every request and made the schema advertise both schemes.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Referater API",
    "DESCRIPTION": "Read-only API over Danish municipal committee minutes.",
    "VERSION": "1.0.0",
    # Schema generation reads the filters' choices from the database; `check --deploy` must
    # not need one. The schema is checked by its own test (tests/test_api*.py).
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    # The 400/404 answers, whole-number pages and the times as sent (minutes/api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "minutes.api.schema.add_answers_and_formats",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {
            "handlers": ["console"],
            "level": os.environ.get("LOG_LEVEL", "INFO"),
            "propagate": False,
        },
    },
}
