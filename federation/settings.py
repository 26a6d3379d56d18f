"""Settings for the federation site.

One module for every environment: the embedded default (SQLite, local-memory cache, tasks run in-process,
media on disk) needs no configuration at all; production differs only in environment variables, all of
them documented in `.env.example`.
"""

import datetime as dt
import os
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR / "federation"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="embedded-demo-key-change-me-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "federation",
    "members",
    "presidency",
    "positions",
    "events",
    "cms",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.locales",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "guardian",
    "django_tasks",
    "django_tasks_db",
    # The second factor of signing in (federation/two_factor.py): authenticator apps and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Stores anonymous public pages as they leave (federation/page_cache.py); the fetch half is last.
    "federation.page_cache.UpdatePageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app server itself, compressed and with far-future caching headers.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks request.user as verified by a second factor or not (SecondFactorMiddleware below asks for it).
    "django_otp.middleware.OTPMiddleware",
    # The client's address, for the activity log (federation/request_context.py).
    "federation.request_context.SourceAddressMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The Content-Security-Policy header (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # The workspace and the admin ask for the second factor (federation/two_factor.py); inside the header
    # middleware above, so its redirects and refusals carry the same security headers as any page.
    "federation.two_factor.SecondFactorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "federation.page_cache.FetchFromPageCacheMiddleware",
    # Turns a sign-in refused for too many failures into the lockout page (AXES_* below).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "federation.urls"
WSGI_APPLICATION = "federation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------
# DATABASE_URL switches to PostgreSQL, e.g. postgres://user:password@127.0.0.1:5432/federation
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a concurrent writer instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # Every transaction takes the write lock when it begins, so two writers queue up instead of one
    # failing at once when both try to upgrade a read lock (signing, registering, saving a text).
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    # Tests use a file too: an in-memory database cannot show how concurrent writers really behave.
    # One file per test run (by process), so two runs on one checkout never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f"test-db-{os.getpid()}.sqlite3")}
else:
    # Test databases per run as well, so two runs against one server never drop each other's database.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
# Keep each worker's connection between requests (opening one costs more than most cached pages take to
# serve), checked before reuse so a restarted database server is reconnected to, not failed on.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------------------
# REDIS_URL switches the cache to Redis, e.g. redis://127.0.0.1:6379/0
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis backend, made to carry on without Redis when it is down (federation/cache.py).
            "BACKEND": "federation.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="federation"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous public pages are kept this many seconds at most; any change to what they show drops them at once
# (federation/page_cache.py). 0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)

# Sessions live in the database and are read through the cache: with Redis every app server shares them,
# and a Redis outage only costs a database read.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)

# --- Background tasks (django-tasks, brought by Wagtail) ------------------------------------------------
# The default runs each task in the request's process once its transaction commits. Production sets
# TASKS_BACKEND=django_tasks_db.DatabaseBackend: tasks are rows in the database, run by `manage.py db_worker`
# on any host (docs/deployment.md).
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"),
    }
}
# A task still marked running after this many seconds was taken by a worker that died (no task of ours runs
# for more than a minute); the worker's unit puts such tasks back in the queue when it starts
# (`manage.py tasks_requeue_stale`, federation/task_queue.py).
TASKS_STALE_AFTER_SECONDS = env.int("TASKS_STALE_AFTER_SECONDS", default=600)

# --- Authentication -------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Members sign in on the site (the workspace); the Wagtail admin keeps its own sign-in page.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "positions:list"
ANONYMOUS_USER_NAME = None  # guardian: anonymous visitors hold no object permissions
GUARDIAN_RAISE_403 = True
# The second factor (django-otp): each wrong code doubles the wait before the next try (1, 2, 4… seconds).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Sign-in throttling (django-axes): five wrong passwords for one username from one address lock that pair
# out for 15 minutes (other people at the same office can still sign in); a right password resets the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Successful sign-ins are already in the activity log (with time and address); axes keeps only failures.
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_CALLABLE = "federation.views.locked_out"
# The visitor's own address, not the proxy's (the last X-Forwarded-For entry behind DJANGO_BEHIND_PROXY),
# normalised as the activity log records it.
AXES_CLIENT_IP_CALLABLE = "federation.request_context.client_address"

# --- Languages and time ---------------------------------------------------------------------------------
LANGUAGE_CODE = "pl"
LANGUAGES = [
    ("pl", "Polski"),
    ("cs", "Čeština"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
# The federation's day starts and ends at local midnight in this zone: "who presides today" follows it.
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Warsaw")
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "static_collected")
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Files members exchange but the public never sees (resolutions behind signatures): outside MEDIA_ROOT,
# never served by the proxy, handed out only by views that check permissions.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)}},
    # Production collects static files with hashed names (cached for a year by browsers and the proxy).
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.bool("STATIC_MANIFEST", default=False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Wagtail --------------------------------------------------------------------------------------------
# Reference numbers of adopted positions read "<prefix>/<year>/<number>"; the prefix is the federation's
# short name from the site settings, or this when none is set.
POSITION_REFERENCE_PREFIX = env.str("POSITION_REFERENCE_PREFIX", default="FED")

# Events: how long a cancellation link in a confirmation mail works, and how long participants' personal
# data is kept after an event ends (`manage.py anonymise_registrations` removes it then).
EVENT_CANCEL_LINK_DAYS = env.int("EVENT_CANCEL_LINK_DAYS", default=180)
EVENT_DATA_RETENTION_DAYS = env.int("EVENT_DATA_RETENTION_DAYS", default=365)

WAGTAIL_SITE_NAME = env.str("WAGTAIL_SITE_NAME", default="Federation")
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# Wagtail's database search: SQLite's FTS5 index, or PostgreSQL's full-text search. Records index folded,
# stemmed words (federation/search.py) and the query goes through the same function, so PostgreSQL's
# "simple" configuration (no English stemming or stop words) keeps both sides identical.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx", "ods"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Documents go through Wagtail's view (never a redirect to /media/), which sends them as downloads with
# nosniff and a "default-src 'none'" policy; only PDFs open in the browser, everything else is an attachment.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- E-mail ---------------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="federation@localhost")

# --- Security (production values come from the environment) ---------------------------------------------
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind the reverse proxy: trust its X-Forwarded-Proto, and take the visitor's address from the last
# X-Forwarded-For entry (the one the proxy added) for sign-in throttling.
BEHIND_PROXY = env.bool("DJANGO_BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_SSL_REDIRECT = env.bool("DJANGO_SSL_REDIRECT", default=False)
# The health probe comes from the proxy or the monitoring host over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): the public site loads scripts, styles, fonts and images from itself
# only, with no inline script or style. The Wagtail admin (third-party code that relies on inline scripts or
# styles) goes without the header.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# The embedded default serves uploaded media from the app; behind a proxy set SERVE_MEDIA=false.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
FORMAT_MODULE_PATH = ["federation.formats"]
