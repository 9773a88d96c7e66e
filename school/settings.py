"""Settings for the Activist IT School, read from the environment with safe defaults.

Every variable is listed in `.env.example`. With nothing set the site runs on SQLite
under `var/`; production sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS
and DATABASE_URL.
"""

from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

# --- Core -----------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is false. "
            "Set DEBUG=true for local development, or give SECRET_KEY a long random value "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))").'
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Absolute links (feeds, QR codes, credentials) use SITE_URL; unset, the port `make run`
# serves on.
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_str('PORT', '8000')}").rstrip("/")

INSTALLED_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "school.apps.SchoolUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Ours last: their post_migrate set-up (role groups) needs every permission to exist.
    "outbox",
    "school",
    "cms",
    "courses",
    "enrolment",
    "certificates",
    "organisations",
    "feeds",
    "reports",
    "demo",
]

MIDDLEWARE = [
    # First, so everything after it reads each version once per request (core.versions).
    "core.versions.VersionsPerRequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Early, so cached pages and every error page carry the policy too.
    "school.middleware.ContentSecurityPolicyMiddleware",
    "school.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "school.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Inside the middleware above, so cached pages still get their headers on the way out.
    "school.page_cache.AnonymousPageCacheMiddleware",
    # After the page cache, so a cached page costs no site lookup at all.
    "cms.sites.SiteForHostMiddleware",
    "cms.routes.PageRouteMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "school.urls"
WSGI_APPLICATION = "school.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "school.context_processors.site",
                "school.header.header_links",
                "cms.context_processors.content_cache",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'school.sqlite3'}",
        # Kept between requests: a new SQLite connection reads the whole schema (some 300
        # tables) before its first query, a new PostgreSQL one costs a handshake.
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # SQLite ignores select_for_update: take the write lock when a transaction begins,
    # so concurrent writers queue instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "school.User"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "school.cache.RedisCache", "LOCATION": REDIS_URL}}
    # Every app server shares the cache, so a signed-in request reads its session from it
    # (written through to the database, which keeps it when the cache forgets).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Each process has a cache of its own: a session signed out in one must be gone for all.
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
# What is kept under versions (fragments, plans, routes; core.versions) is also copied in
# each process, so a signed-in page asks the shared cache for little beyond the versions.
CACHES["kept"] = {
    "BACKEND": "school.cache.KeptCache",
    "TIMEOUT": 60 * 60,
    "OPTIONS": {"SHARED": "default", "MAX_ENTRIES": env_int("KEPT_CACHE_ENTRIES", 500)},
}
# Requests a minute on which one client may add pages or fragments to the shared cache;
# beyond that its pages are served uncached (core.cache_budget).
CACHE_ADDITIONS_PER_MINUTE = env_int("CACHE_ADDITIONS_PER_MINUTE", 30)

# --- Accounts and security ------------------------------------------------------------

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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "enrolment:my_learning"
LOGOUT_REDIRECT_URL = "/"
# One login page for the site and the Wagtail admin, so throttling covers both.
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Failed logins: lock a username, or an address, after AXES_FAILURE_LIMIT failures.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_VERBOSE = False

# Self check-in: the code shown in class changes every CHECKIN_CODE_SECONDS (the previous
# one still works), from CHECKIN_OPENS_MINUTES before a session until it ends; checking
# in later than CHECKIN_LATE_AFTER_MINUTES after the start counts as late.
CHECKIN_CODE_SECONDS = env_int("CHECKIN_CODE_SECONDS", 60)
CHECKIN_OPENS_MINUTES = env_int("CHECKIN_OPENS_MINUTES", 30)
CHECKIN_LATE_AFTER_MINUTES = env_int("CHECKIN_LATE_AFTER_MINUTES", 10)
CHECKIN_ATTEMPTS_PER_10_MINUTES = 10

# Past attendance is imported from files of at most this many rows, one a person and
# session: a class of 40 over 25 sessions. Bigger files are refused, not truncated.
ATTENDANCE_IMPORT_MAX_ROWS = env_int("ATTENDANCE_IMPORT_MAX_ROWS", 1000)

# A plan shows this many steps at once (courses, actions, services); the rest wait behind
# "next steps": one feasible step at a time.
PLAN_OPEN_STEPS = env_int("PLAN_OPEN_STEPS", 3)

# Calendar feeds hold sessions from CALENDAR_PAST_DAYS ago on (a cancelled one stays at
# least 30 days after it was called off); one client may fetch one feed this many times
# a minute.
CALENDAR_PAST_DAYS = env_int("CALENDAR_PAST_DAYS", 30)
CALENDAR_FEED_REQUESTS_PER_MINUTE = env_int("CALENDAR_FEED_REQUESTS_PER_MINUTE", 30)

# Certificates: the Ed25519 key that signs the credentials (base64 of the 32-byte private
# key). Unset, one is generated once into VAR_DIR; several app servers must share one.
CERTIFICATE_SIGNING_KEY = env_str("CERTIFICATE_SIGNING_KEY")
CERTIFICATE_VERIFICATIONS_PER_MINUTE = env_int("CERTIFICATE_VERIFICATIONS_PER_MINUTE", 30)

# Organisations one person may have registered that staff have not verified yet.
PENDING_ORGANISATIONS_PER_PERSON = env_int("PENDING_ORGANISATIONS_PER_PERSON", 3)

# The version of the privacy notice people consent to at sign-up (templates/legal/).
PRIVACY_POLICY_VERSION = "2026-12-03"

# Content-Security-Policy (django-csp): scripts only from our own files, never inline, so
# text someone slips into a page cannot run. Styles may be inline: track colours are
# set in style attributes, and CSS cannot run script. Lessons embed YouTube and Vimeo.
VIDEO_FRAME_SOURCES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": VIDEO_FRAME_SOURCES,
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Wagtail's admin still writes inline scripts (inline panels, date pickers) and previews
# pages in a frame of its own, served from the site itself (the live preview stays blank
# unless the admin may frame 'self'); only signed-in editors see it, and it escapes what
# they write. Under /admin/ these directives replace the site's.
ADMIN_CONTENT_SECURITY_POLICY_CHANGES = {
    "script-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-src": [SELF, *VIDEO_FRAME_SOURCES],
    "frame-ancestors": [SELF],
}

# Device features no page uses, switched off for the site and anything it frames. Full
# screen (embedded videos) and the clipboard (copy buttons) stay as browsers have them.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# A refused form (no valid CSRF token) gets the site's own page, in the person's language.
CSRF_FAILURE_VIEW = "school.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if env_bool("BEHIND_HTTPS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Production defaults follow from DEBUG being off; each can still be overridden.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe the health check over plain HTTP, often without the proxy's header:
# it must answer for the database, not with a redirect to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- E-mail ---------------------------------------------------------------------------

# Every message, whoever sends it (our notices, password resets, Wagtail's), is stored in
# the outbox and sent by a task on the `background` backend once the transaction commits;
# with TASK_WORKER=true no request waits for the mail server. OUTBOX_DELIVERY_BACKEND is
# how that task hands a message over: SMTP when EMAIL_HOST is set, else the console.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "활동가IT학교 <school@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people write to the school, e.g. from the error page: the sender's address unless set.
CONTACT_EMAIL = env_str("CONTACT_EMAIL", parseaddr(DEFAULT_FROM_EMAIL)[1])
EMAIL_BACKEND = "outbox.backend.QueuedEmailBackend"
# Seconds the worker waits on the mail server (connecting, each reply) before the attempt
# fails and is retried later.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Text messages (outbox/sms.py), only when all three are set: NHN Cloud SMS's app key and
# secret key, and a sending number registered there. People opt in, one kind at a time.
NHN_SMS_APP_KEY = env_str("NHN_SMS_APP_KEY", "")
NHN_SMS_SECRET_KEY = env_str("NHN_SMS_SECRET_KEY", "")
NHN_SMS_SENDER = env_str("NHN_SMS_SENDER", "")
NHN_SMS_URL = env_str("NHN_SMS_URL", "https://sms.api.nhncloudservice.com")

# --- Background tasks -----------------------------------------------------------------

# Wagtail's own index updates stay on `default`, run at once. Slow work of ours
# (certificate PDFs, sending e-mail) goes to `background`: run at once too unless
# TASK_WORKER=true, which queues it in the database for
# `manage.py db_worker --backend background`. Production sets TASK_WORKER=true.
_IMMEDIATE = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
TASKS = {
    "default": _IMMEDIATE,
    "background": (
        {"BACKEND": "django_tasks_db.DatabaseBackend"}
        if env_bool("TASK_WORKER", default=False)
        else _IMMEDIATE
    ),
}

# --- Languages and time ---------------------------------------------------------------

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
# Ours first, then our Korean for Wagtail's admin (locale/wagtail): both win over Wagtail's own.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "wagtail"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media files -----------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Files only their owner may download, through the site (a large account's data download).
PRIVATE_FILES_ROOT = Path(env_str("PRIVATE_FILES_ROOT", str(VAR_DIR / "private")))
# How often an open roll call refreshes to show self check-ins (it waits while a reason is
# being written).
ROLL_REFRESH_SECONDS = env_int("ROLL_REFRESH_SECONDS", 15)
# A data download with more rows than this is built by the task worker, not in the request.
MY_DATA_INLINE_ROWS = env_int("MY_DATA_INLINE_ROWS", 5000)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Wagtail --------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "활동가IT학교"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "hwp",
    "hwpx",
    "docx",
    "xlsx",
    "pptx",
    "odt",
    "ods",
    "csv",
    "txt",
    "zip",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Never SVG: an SVG can carry script.
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# The admin must not call outside hosts.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# --- Logging --------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Personal calendar feed addresses are secrets: mask them in every line we write.
    "filters": {
        "mask_feed_tokens": {"()": "school.log_masking.MaskFeedTokens"},
        "error_reference": {"()": "school.error_page.AddErrorReference"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_feed_tokens"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["mask_feed_tokens"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Wagtail and the task runner log every publish and task; the admin keeps that history.
    "loggers": {
        **{name: {"level": "WARNING"} for name in ("axes", "wagtail", "django_tasks")},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # An error's log line starts with the reference its 500 page showed.
        "django.request": {"filters": ["error_reference"]},
    },
}
