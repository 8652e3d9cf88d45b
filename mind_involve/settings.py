"""Settings for Mind Involve, read from the environment.

With nothing set this is the embedded default: a SQLite file, Celery in
eager mode and e-mail on the console. A deployment sets ``DATABASE_URL``, ``REDIS_URL`` and the
secrets; in production (DEBUG off) the secrets have no default and a missing one stops start-up.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# With no DATABASE_URL this is the embedded default (a SQLite file on a developer's machine), so
# DEBUG is on unless said otherwise. A deployment always names its database, and there DEBUG is
# off unless DJANGO_DEBUG=true is set explicitly.
DEBUG = env.bool("DJANGO_DEBUG", default=not env.str("DATABASE_URL", default=""))

# Development keys are only ever used with DEBUG on; in production env() raises
# ImproperlyConfigured when these are unset.
_DEV_ONLY = "insecure-development-only-"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=_DEV_ONLY + "secret-key" if DEBUG else environ.Env.NOTSET)
DEMOGRAPHICS_PSEUDONYM_KEY = env.str(
    "DEMOGRAPHICS_PSEUDONYM_KEY",
    default=_DEV_ONLY + "pseudonym-key" if DEBUG else environ.Env.NOTSET,
)
# Keys each person's record key for cell key perturbation in the reports; never stored, and a
# different secret from the pseudonym key so that neither reveals the other.
DISCLOSURE_RECORD_KEY_SECRET = env.str(
    "DISCLOSURE_RECORD_KEY_SECRET",
    default=_DEV_ONLY + "record-key-secret" if DEBUG else environ.Env.NOTSET,
)

# Second factors (TOTP secrets, recovery-code seeds) are stored encrypted with this Fernet key.
# A comma-separated list puts the new key first while older ones still decrypt, for
# `manage.py rotate_mfa_key`. The development key is a valid Fernet key that says what it is.
_DEV_MFA_KEY = "aW5zZWN1cmUtZGV2ZWxvcG1lbnQtb25seS1tZmFrZXk="
MFA_ENCRYPTION_KEYS = env.list("MFA_ENCRYPTION_KEY", default=[_DEV_MFA_KEY] if DEBUG else environ.Env.NOTSET)
# Log lines name people by an HMAC under this key, never by id or address, so a log reader
# cannot join them to a database dump without it.
LOG_HMAC_KEY = env.str("LOG_HMAC_KEY", default=_DEV_ONLY + "log-key" if DEBUG else environ.Env.NOTSET)
# The name people know the site by: in page titles, in e-mails (allauth's included, in place of
# the site's address) and in authenticator apps.
SITE_NAME = env.str("SITE_NAME", default="Mind Involve")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before admin, so that admin's forms know the Welsh fields of translated content.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_celery_beat",
    "django_filters",
    "csp",
    "core",
    "accounts",
    "recruitment",
    "demographics",
    "workshops",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.RejectNulMiddleware",
    "core.middleware.CrossOriginResourcePolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.EnglishOnlyPagesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
    "core.middleware.NoStoreForSignedInMiddleware",
    "core.middleware.DeniedAccessLogMiddleware",
    "core.middleware.ServiceUnavailableMiddleware",
]

ROOT_URLCONF = "mind_involve.urls"
WSGI_APPLICATION = "mind_involve.wsgi.application"

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
                "core.context_processors.navigation",
                "core.context_processors.language_switch",
            ],
        },
    },
]
# Widget and form templates come from templates/ so every form uses the design system.
FORM_RENDERER = "core.forms.DesignSystemFormRenderer"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters are sent apart from the SQL, so psycopg prepares a statement a connection runs
    # again and again (after five runs) and PostgreSQL plans it once, not on every request.
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    # A stopped or frozen Redis fails a request within about a second (a 503 page), not after
    # the operating system's minutes-long TCP timeouts.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # One process serves the embedded default, so a local-memory cache is a real cache there.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Accounts and sign-in ------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, loading each signed-in person with what the MFA check needs.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "core:home"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
# Applicants sign up with their e-mail alone and sign in by an e-mailed code; staff also have a
# password, which the validators above govern.
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_FORMS = {"login": "accounts.auth_forms.LoginForm"}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_PREVENT_ENUMERATION = True
# Adding an e-mail address or changing the password asks for the password (or an e-mailed code)
# again, so a stolen session cannot be turned into a lasting takeover.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "request_login_code": "20/m/ip,3/m/key",
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# Every role but Applicant must use an authenticator app. Only a DEBUG site may switch this off
# (a system check refuses it otherwise), so the demo accounts can sign in at once.
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=True)

# Sessions: the id rotates at sign-in (Django's login()), sign-out deletes the server-side copy.
# The idle timeout is sliding: each request renews it. Sessions never touch the database: a
# session row names its person and, by its expiry, the time of their last request, which a dump
# could match to other activity. With Redis they live in the cache (Redis expires them itself).
# The embedded default has only a per-process memory cache, which `runserver` empties each time
# it reloads after a code change, so there they are files in the temporary directory; signed
# cookies are no option, as allauth keeps the pending sign-in code in the session.
SESSION_ENGINE = "core.sessions" if REDIS_URL else "django.contrib.sessions.backends.file"
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=120) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Security headers ----------------------------------------------------------------------------
HTTPS = env.bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# Under HTTPS the browser only accepts __Host- cookies set Secure, for the whole site and with no
# Domain, so a neighbouring subdomain can neither set nor overwrite them.
if HTTPS:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# The CSRF cookie ends when the browser closes, as the session cookie does.
CSRF_COOKIE_AGE = None
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies of ours stand in front of the site: every IP-keyed limit (ours and allauth's)
# reads the client's address that far from the right of X-Forwarded-For. With 0 the header is ignored.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Nothing here uses the browser's powerful features; videos may go full screen.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
} | {"fullscreen": ["self"]}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "media-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Internationalisation ------------------------------------------------------------------------
# English at unprefixed addresses, Welsh under /cy/ (mind_involve/urls.py). Each language is named
# in itself, so a person finds their own whichever page they are on.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content written by staff (role templates, opportunities, guidance, videos, equality questions)
# has a Welsh field beside each English one; a missing Welsh text shows the English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en-gb"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en-gb",)
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files: GOV.UK Frontend is built into static/dist by `npm run build`.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.bool("DJANGO_MANIFEST_STATIC", default=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Receipts and meeting attachments: never served by URL, only through views that check access.
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
# The largest receipt or meeting file accepted, in MB (their type is checked by content too).
UPLOAD_MAX_MB = env.int("UPLOAD_MAX_MB", default=10)

# E-mail ----------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Mind Involve <involve@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A mail server that stops answering fails the send (and the task retries) instead of hanging it.
EMAIL_TIMEOUT = 30

# Celery ----------------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Without a broker the embedded default runs tasks in-process, at once.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
# Publishing a task from a web request gives up quickly when Redis is away (the worker's blocking
# reads wait at most brpop_timeout, 1 s, so 5 s never cuts them short).
CELERY_BROKER_TRANSPORT_OPTIONS |= {"socket_connect_timeout": 1, "socket_timeout": 5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    "build-last-quarter-report": {
        "task": "reports.tasks.scheduled_build",
        "schedule": crontab(hour=6, minute=0, day_of_month="1"),
    },
    # A build a killed worker left behind is handed on within a minute or two.
    "recover-stale-report-builds": {"task": "reports.tasks.snapshots_recover_stale", "schedule": crontab(minute="*")},
    "remind-overdue-action-owners": {
        "task": "workshops.tasks.overdue_actions_remind",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon"),
    },
    # Daily jobs run at a time of day, not every 24 hours: an interval restarts its countdown each
    # time beat restarts (for a job with no last run), so a deploy a day would postpone it forever.
    "clear-expired-sessions": {"task": "core.tasks.sessions_clear_expired", "schedule": crontab(hour=2, minute=0)},
    # Every night, before the backups: no dump shows equality rows in the order they were written.
    "rewrite-equality-tables-in-random-order": {
        "task": "demographics.tasks.tables_rewrite_in_random_order",
        "schedule": crontab(hour=2, minute=30),
    },
    "erase-expired-applications": {
        "task": "recruitment.tasks.applications_erase_expired",
        "schedule": crontab(hour=2, minute=15),
    },
    "prune-sent-email-markers": {"task": "core.tasks.sent_markers_prune", "schedule": crontab(hour=2, minute=45)},
    # Daily at a time of day: an interval's countdown restarts whenever beat does.
    "erase-expired-workshop-records": {
        "task": "workshops.tasks.records_erase_expired",
        "schedule": crontab(hour=3, minute=15),
    },
    "erase-expired-audit-events": {
        "task": "core.tasks.audit_events_erase_expired",
        "schedule": crontab(hour=3, minute=30),
    },
}

# Domain settings -------------------------------------------------------------------------------
RETENTION_MONTHS = env.int("RETENTION_MONTHS", default=12)
# How long workshop records are kept, in months, counted from the meeting (minutes, meeting files),
# from payment (claims and receipts: finance rules ask for six years) or from the event (audit).
MINUTES_RETENTION_MONTHS = env.int("MINUTES_RETENTION_MONTHS", default=72)
MEETING_FILES_RETENTION_MONTHS = env.int("MEETING_FILES_RETENTION_MONTHS", default=24)
CLAIMS_RETENTION_MONTHS = env.int("CLAIMS_RETENTION_MONTHS", default=72)
RECEIPTS_RETENTION_MONTHS = env.int("RECEIPTS_RETENTION_MONTHS", default=72)
AUDIT_RETENTION_MONTHS = env.int("AUDIT_RETENTION_MONTHS", default=24)
DISCLOSURE_MIN_CELL = env.int("DISCLOSURE_MIN_CELL", default=5)
DISCLOSURE_MIN_BREAKDOWN = env.int("DISCLOSURE_MIN_BREAKDOWN", default=10)

# Logging: JSON lines in UTC on stderr, for the platform to collect.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "core.logging.UTCJsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.server": {"level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs each step and page of every PDF at INFO: seventeen lines a report.
        "weasyprint": {"level": "WARNING"},
    },
}
