"""AluHub settings: one file, driven by environment variables (see .env.example)."""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def _load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines of a local ``.env`` file; real environment variables win."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))


_load_dotenv(Path(os.environ.get("ALUHUB_ENV_FILE", BASE_DIR / ".env")))


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"ALUHUB_{name}", default)


def env_bool(name: str, default: bool) -> bool:
    raw = env(name, "1" if default else "0").strip().lower()
    return raw in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")
DEBUG = env_bool("DEBUG", False)

# A web server (wsgi.py sets ALUHUB_SERVING, or `runserver`) refuses to start without a
# secret key when not in debug. Command-line tools (engines, setup) do not sign anything that
# outlives the process, so they get a throwaway random key instead of failing.
SERVING = os.environ.get("ALUHUB_SERVING") == "1" or "runserver" in sys.argv[1:2]
SECRET_KEY = env("SECRET_KEY")
#: True when this process signs with a random key of its own (debug off, no ALUHUB_SECRET_KEY):
#: ``check --deploy`` and ``check_production`` then fail (aluhub.E003).
SECRET_KEY_THROWAWAY = False
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "aluhub-insecure-development-key-never-use-in-production"  # noqa: S105
    elif SERVING:
        raise ImproperlyConfigured(
            "ALUHUB_SECRET_KEY is required when ALUHUB_DEBUG is off "
            "(set ALUHUB_DEBUG=1 for local development)."
        )
    else:
        import secrets

        SECRET_KEY = secrets.token_urlsafe(50)
        SECRET_KEY_THROWAWAY = True
#: Former secret keys, still accepted when checking a signature, so that changing the key keeps
#: the links of the e-mails already sent (unsubscribe, alert settings) and the private calendar
#: addresses working, and signs nobody out (docs/operations.md, "Changing the secret key").
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def env_path(name: str, default: Path) -> Path:
    """A path setting; relative paths are relative to the project folder, not the cwd."""
    raw = env(name)
    path = Path(raw) if raw else default
    return path if path.is_absolute() else BASE_DIR / path


VAR_DIR = env_path("VAR_DIR", BASE_DIR / "var")

INSTALLED_APPS = [
    "modeltranslation",  # before django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "aluhub.common",
    "aluhub.accounts",
    "aluhub.funding",
    "aluhub.funding_plans",
    "aluhub.innovation",
    "aluhub.challenge",
    "aluhub.learning",
    "aluhub.circular",
    "aluhub.community",
    "aluhub.trace",
    "aluhub.dashboard",
    "aluhub.collab",
    "aluhub.directory",
    "aluhub.workforce",
    "aluhub.site",  # the site shell: last, it reads the other apps
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "aluhub.urls"
WSGI_APPLICATION = "aluhub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aluhub.common.context_processors.site",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------
DEFAULT_SQLITE = VAR_DIR / "aluhub.sqlite3"
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    sqlite_path = Path(str(DATABASES["default"]["NAME"]))
    if str(sqlite_path) != ":memory:" and not sqlite_path.is_absolute():
        sqlite_path = BASE_DIR / sqlite_path
        DATABASES["default"]["NAME"] = str(sqlite_path)
    if str(sqlite_path) != ":memory:":
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,  # busy timeout, seconds
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=20000;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests hash hundreds of passwords.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:index"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("LOGIN_THROTTLING", True)
# Behind a reverse proxy every request comes from the proxy's address: list it in
# ALUHUB_TRUSTED_PROXIES (addresses or networks) so the client address is read from
# X-Forwarded-For; the header is ignored from any other peer (aluhub/common/proxy.py).
try:
    TRUSTED_PROXIES = tuple(
        ipaddress.ip_network(item, strict=False) for item in env_list("TRUSTED_PROXIES", "")
    )
except ValueError as exc:
    raise ImproperlyConfigured(f"ALUHUB_TRUSTED_PROXIES: {exc}") from exc
AXES_CLIENT_IP_CALLABLE = "aluhub.common.proxy.client_ip"
# One lockout counter per address whatever the letter case typed (logins ignore case).
AXES_USERNAME_CALLABLE = "aluhub.accounts.selectors.login_username"

# --- Internationalization -----------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# All-numeric dates (SHORT_DATE_FORMAT, tables) are ISO 8601 in both languages (decision 0009).
FORMAT_MODULE_PATH = "aluhub.formats"
USE_I18N = True
TIME_ZONE = "America/Toronto"
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_LANGUAGES = ("fr", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr", "en")
LANGUAGE_COOKIE_NAME = "aluhub_language"

# --- Static and media ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env_path("STATIC_ROOT", VAR_DIR / "static")
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Uploaded files live outside the web root and are only served by views that check
# permissions (never by a static URL).
MEDIA_ROOT = env_path("MEDIA_ROOT", VAR_DIR / "media")
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024


# --- Email --------------------------------------------------------------------
def _email_settings(url: str) -> dict[str, object]:
    """Console backend by default; ``smtp://user:pass@host:587?tls=1`` for real mail."""
    if not url or url.startswith("console:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if url.startswith("file:"):
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": url.removeprefix("file://").removeprefix("file:"),
        }
    if url.startswith("locmem:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    parsed = urlparse(url)
    if parsed.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(f"ALUHUB_EMAIL_URL: unsupported scheme {parsed.scheme!r}")
    query = parse_qs(parsed.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname or "localhost",
        "EMAIL_PORT": parsed.port or (465 if parsed.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_SSL": parsed.scheme == "smtps",
        "EMAIL_USE_TLS": query.get("tls", ["0"])[0] in {"1", "true"},
    }


globals().update(_email_settings(env("EMAIL_URL", "console:")))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "AluHub <no-reply@aluhub.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Caches -------------------------------------------------------------------------
# "shared" holds counters every app server must see (subscription rate limits): a table
# of the default database (created by `aluhub setup`), so it works on one SQLite server
# and on several app servers sharing PostgreSQL alike.
# "default" holds page fragments (finder, program page, home: see docs/benchmarks/pages.md):
# this process's memory unless ALUHUB_CACHE_URL names Redis or Memcached for production.


def _cache_settings(url: str) -> dict[str, str]:
    """``locmem:`` (default), ``redis://host:6379/0`` or ``memcached://host:11211``."""
    scheme = url.split(":", 1)[0].lower()
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "memcached":
        return {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": url.split("://", 1)[1],
        }
    raise ImproperlyConfigured(f"ALUHUB_CACHE_URL: unsupported scheme {scheme!r}")


#: How long a cached page fragment lives at most (a catalogue change replaces it at once).
FRAGMENT_CACHE_SECONDS = int(env("FRAGMENT_CACHE_SECONDS", "600"))
CACHES = {
    "default": _cache_settings(env("CACHE_URL", "locmem:")),
    "shared": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "aluhub_shared_cache",
    },
}

# --- Contact and privacy (footer pages) -------------------------------------------------------
# Québec's Law 25: the person in charge of the protection of personal information, published
# on the privacy page. Blank values show as "not published yet" (never invented).
CONTACT_EMAIL = env("CONTACT_EMAIL", "")
CONTACT_PHONE = env("CONTACT_PHONE", "")
CONTACT_ADDRESS = env("CONTACT_ADDRESS", "")
PRIVACY_OFFICER_NAME = env("PRIVACY_OFFICER_NAME", "")
PRIVACY_OFFICER_TITLE = env("PRIVACY_OFFICER_TITLE", "")
PRIVACY_OFFICER_EMAIL = env("PRIVACY_OFFICER_EMAIL", "")
# A demo site shows one banner saying so (records keep their "demo" badge for staff only).
DEMO_SITE = env_bool("DEMO_SITE", False)

# --- Background tasks ---------------------------------------------------------
# Django's tasks framework (the django-tasks backport until Django 6). The database backend
# stores each task in the default database, in the transaction that enqueued it; the worker
# (`aluhub worker`) runs them. The test suite runs tasks at once unless a test asks for the
# database backend (tests/common/test_worker.py).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_task_backend = env("TASKS_BACKEND", "immediate" if TESTING else "database")
if _task_backend not in TASK_BACKENDS:
    raise ImproperlyConfigured("ALUHUB_TASKS_BACKEND must be 'database' or 'immediate'")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[_task_backend], "QUEUES": ["default"]}}
# A message that failed after its last try keeps its text (signed links included) this many
# days after that try, for staff to send it again; then only its metadata stays (a sent one's
# text goes when it is sent). docs/operations.md, "The outbox".
OUTBOX_KEEP_FAILED_DAYS = int(env("OUTBOX_KEEP_FAILED_DAYS", "7"))

# --- Security -----------------------------------------------------------------
# Database sessions whose rows keep a keyed hash of the cookie's key, never the key
# (decision 0012).
SESSION_ENGINE = "aluhub.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG and not TESTING and env_bool("HTTPS", True):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", False)
    # Browsers remember for a year that the site is HTTPS only (0 turns HSTS off).
    SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)

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

# --- API ----------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 20
NINJA_PAGINATION_MAX_LIMIT = 200

# --- Logging ------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # 4xx responses (a refused page, a missing one) are one line without a traceback.
    "filters": {"expected_client_errors": {"()": "aluhub.common.logfilters.ExpectedClientErrors"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["expected_client_errors"]}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
