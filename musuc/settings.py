"""Settings for MUSUC, read from the environment.

Every value has a safe local default except the production secrets: with DEBUG off the
service refuses to start without SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

if not DEBUG:
    missing = [
        name
        for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL")
        if not env.str(name, default="")
    ]
    if missing:
        raise ImproperlyConfigured(
            "With DEBUG off these environment variables are required: " + ", ".join(missing)
        )

SECRET_KEY = env.str("SECRET_KEY", default="musuc-local-development-key-not-for-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "musuc.apps.MusucConfig",
    "contacts",
    "restrictions",
    "disputes",
    "letters",
    "casework",
    "musuc.apps.MusucAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "simple_history",
    "axes",
]

MIDDLEWARE = [
    # Outermost, so that every response, refusals below included, carries its headers.
    "musuc.middleware.ResponseHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Before anything reads the body or looks the address up.
    "musuc.middleware.RequestBodyLimitMiddleware",
    "musuc.middleware.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "musuc.sessions.SessionRefreshMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: every view needs a signed-in user unless marked login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "musuc.urls"
WSGI_APPLICATION = "musuc.wsgi.application"

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
                "musuc.context_processors.navigation",
                "restrictions.context_processors.policy",
            ],
        },
    },
]

# Databases: SQLite in a local file by default, PostgreSQL from DATABASE_URL in production.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'musuc.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share the file: WAL lets readers and one writer work at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # Opening a connection costs more than rendering a page (PERFORMANCE.md).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database that does not answer is given up on (seconds), so /healthz cannot hang.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = env.int("DB_CONNECT_TIMEOUT", default=5)
# PostgreSQL statement and lock timeouts in milliseconds (0: none), chosen by the process
# (musuc/db.py): web requests give up long before gunicorn's 30-second worker timeout and
# answer 503; Celery jobs may run longer; management commands (migrate, seed_demo) set none.
DATABASE_TIMEOUTS = {
    "web": {
        "statement_timeout": env.int("DB_STATEMENT_TIMEOUT_MS", default=10_000),
        "lock_timeout": env.int("DB_LOCK_TIMEOUT_MS", default=5_000),
    },
    "worker": {
        "statement_timeout": env.int("DB_JOB_STATEMENT_TIMEOUT_MS", default=10 * 60_000),
        "lock_timeout": env.int("DB_JOB_LOCK_TIMEOUT_MS", default=60_000),
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "musuc.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Roles only: a superuser flag or a permission given to one account grants nothing.
    "musuc.backends.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "sign-in"

# Sessions end after 30 minutes without activity, and when the browser closes. The expiry is
# pushed on at most every 5 minutes (musuc/sessions.py), not on every request: a person who
# stops working is signed out 25 to 30 minutes later.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=5 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login throttling: five failures for a username from one address lock it for 15 minutes;
# twenty from one address, whatever the usernames, lock that address (musuc/throttling.py).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
SIGN_IN_ADDRESS_FAILURE_LIMIT = env.int("SIGN_IN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "musuc.throttling.SignInThrottle"
# The client's address: REMOTE_ADDR, or behind the TLS proxy the X-Forwarded-For entry it added.
AXES_CLIENT_IP_CALLABLE = "musuc.throttling.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Lockouts are shown to administrators by musuc.admin.LockoutAdmin, which can clear them.
AXES_ENABLE_ADMIN = False

# HTTPS-only cookies and redirects unless told otherwise (local runs and the browser tests).
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind the TLS proxy the README describes, which sets X-Forwarded-Proto and appends the
# client's address to X-Forwarded-For; TRUSTED_PROXY_COUNT proxies in a chain append theirs.
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Strict Content-Security-Policy: nothing inline, nothing from elsewhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en", _("English")), ("cy", _("Welsh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The two date styles (sentences and tables), in English and Welsh: musuc/formats/.
FORMAT_MODULE_PATH = ["musuc.formats"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "build" / "static"]

# Attachments live outside every URL Django or the web server serves; only the download
# view, after its role check, reads them.
ATTACHMENTS_ROOT = env.path("ATTACHMENTS_ROOT", default=VAR_DIR / "attachments")
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": ATTACHMENTS_ROOT, "base_url": None},
    },
    "attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": ATTACHMENTS_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A request body larger than the largest of these (and than DATA_UPLOAD_MAX_MEMORY_SIZE) is
# refused with 413 before it is read. Today that is the contact form: 10 attachments of 10 MiB
# plus 2.5 MiB of form, 107,479,040 bytes (102.5 MiB). The proxy in front should refuse the
# same, e.g. nginx `client_max_body_size 103m;`.
MAX_REQUEST_BODY_FROM = ["contacts.attachments.largest_upload_request_bytes"]
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Redis is the broker and the cache in production; locally the broker is a folder.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": 2,
        "socket_timeout": 2,
        "max_retries": 1,
    }
else:
    BROKER_DIR = VAR_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

_MAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend"
    ),
)
# Where links in notification emails point.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

MAILERS = {
    "default": {
        "BACKEND": _MAIL_BACKEND,
        "OPTIONS": (
            {
                "host": env.str("EMAIL_HOST", default="localhost"),
                "port": env.int("EMAIL_PORT", default=25),
                "username": env.str("EMAIL_HOST_USER", default=""),
                "password": env.str("EMAIL_HOST_PASSWORD", default=""),
                "use_tls": env.bool("EMAIL_USE_TLS", default=False),
                "timeout": 10,
            }
            if _MAIL_BACKEND.endswith("smtp.EmailBackend")
            else {"file_path": env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))}
            if _MAIL_BACKEND.endswith("filebased.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="musuc@localhost")
# Letters emailed to service users come from this address (the mail server's route above).
LETTERS_FROM_EMAIL = env.str("LETTERS_FROM_EMAIL", default=DEFAULT_FROM_EMAIL)

# GOV.UK Notify (letters/notify.py): with an API key set, letters are emailed through Notify's
# email template instead of the mail server; with NOTIFY_SEND_LETTERS too, posted letters go to
# Notify as precompiled PDFs instead of the print queue.
NOTIFY_API_KEY = env.str("NOTIFY_API_KEY", default="")
NOTIFY_BASE_URL = env.str("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
# An email template whose subject is ((subject)) and whose body is ((body)).
NOTIFY_EMAIL_TEMPLATE_ID = env.str("NOTIFY_EMAIL_TEMPLATE_ID", default="")
NOTIFY_SEND_LETTERS = env.bool("NOTIFY_SEND_LETTERS", default=False)
# "first", "second" or "economy"; empty for Notify's default (second class).
NOTIFY_LETTER_POSTAGE = env.str("NOTIFY_LETTER_POSTAGE", default="")
NOTIFY_TIMEOUT = env.int("NOTIFY_TIMEOUT", default=30)

SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # axes logs every successful sign-in's reset at INFO (lockouts are WARNING); WeasyPrint
    # logs each step of every PDF at INFO.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint.progress": {"level": "WARNING"}},
}

# Widget templates come from templates/ too, so forms render the GOV.UK way.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
