"""One settings module, configured by the environment.

Environment variables (all optional for development):
- ``DATABASE_URL``: ``sqlite:///path.sqlite3`` or ``postgres://user@host:port/db``;
  default is ``kinerja.sqlite3`` in the working directory.
- ``KINERJA_DEBUG``: ``1``/``true`` to enable debug mode (default off).
- ``KINERJA_SECRET_KEY`` or ``KINERJA_SECRET_KEY_FILE``: required when ``KINERJA_SECURE``
  is on (and then not the published development key); without it a development key is
  used, fit only for the demo and tests.
- ``KINERJA_ALLOWED_HOSTS``: comma-separated host names (default ``127.0.0.1,localhost``).
- ``KINERJA_SECURE``: ``1`` behind HTTPS: secure cookies, HSTS, SSL redirect; refuses to
  start with debug on or without a secret key of its own.
- ``KINERJA_TRUSTED_PROXIES``: comma-separated addresses of reverse proxies whose
  ``X-Real-IP`` header names the visitor (default none).
- ``KINERJA_STATIC_ROOT``: where ``kinerja collectstatic`` puts the static files that
  WhiteNoise serves (default ``var/static`` in the working directory).
- ``KINERJA_MEDIA_ROOT``: the folder of the file storage (evidence, pending uploads,
  final report files) when no S3 bucket is configured (default ``var/media``).
- ``KINERJA_S3_BUCKET`` (with ``KINERJA_S3_ENDPOINT_URL``, ``KINERJA_S3_REGION``,
  ``KINERJA_S3_ACCESS_KEY_ID``, ``KINERJA_S3_SECRET_ACCESS_KEY``, ``KINERJA_S3_PREFIX``):
  keep the files in an S3-compatible bucket instead, shared by every node.
- ``KINERJA_EVIDENCE_ROOT``: where evidence was kept before the file storage; read once
  by the migration that moves it into the storage.
- ``KINERJA_EVIDENCE_MAX_MB``: largest evidence file accepted (default 10).
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean; fail loudly on anything that is not clearly yes or no."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected one of 1/0, true/false, yes/no, on/off")


def env_secret(name: str) -> str | None:
    """A secret from the variable itself or from the file named by NAME_FILE."""
    if value := os.environ.get(name):
        return value
    if path := os.environ.get(f"{name}_FILE"):
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path!r}: {exc.strerror}") from exc
    return None


DEBUG = env_bool("KINERJA_DEBUG", False)
SECURE = env_bool("KINERJA_SECURE", False)

# A development key is fine only on the developer's own machine: the demo and tests. It is
# published with the source, so production (KINERJA_SECURE) refuses it, and so does
# `kinerja serve` for anything but this machine's loopback (core/serving.py).
KINERJA_DEVELOPMENT_SECRET_KEY = (
    "kinerja-development-key-not-for-production-use-0123456789-abcdefghij"
)
SECRET_KEY = env_secret("KINERJA_SECRET_KEY")
if SECURE:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "KINERJA_SECRET_KEY (or KINERJA_SECRET_KEY_FILE) must be set when KINERJA_SECURE is on"
        )
    if SECRET_KEY == KINERJA_DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "KINERJA_SECRET_KEY is kinerja's published development key; production needs a "
            "secret of its own (docs/deploy.md)"
        )
    if DEBUG:
        raise ImproperlyConfigured(
            "KINERJA_DEBUG must be off when KINERJA_SECURE is on: debug pages show settings "
            "and source code to any visitor"
        )
SECRET_KEY = SECRET_KEY or KINERJA_DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("KINERJA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "kinerja.core",
    "kinerja.accounts",
    "kinerja.audit",
    "kinerja.org",
    "kinerja.planning",
    "kinerja.measurement",
    "kinerja.budget",
    "kinerja.sources",
    "kinerja.survey",
    "kinerja.reports",
    "kinerja.review",
    "kinerja.datasets",
    "kinerja.dashboard",
    "kinerja.demo",
]

MIDDLEWARE = [
    # /healthz and /readyz are answered first: no host check, HTTPS redirect, session,
    # login or audit context for a load balancer's probe (core/health.py).
    "kinerja.core.health.HealthCheckMiddleware",
    # A request id for every log line of the request, echoed in X-Request-ID.
    "kinerja.core.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files from STATIC_ROOT, before sessions and everything else (see STORAGES).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in user's pages: Cache-Control no-store (core/privacy.py).
    "kinerja.core.privacy.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kinerja.audit.middleware.AuditActorMiddleware",
]

ROOT_URLCONF = "kinerja.urls"
WSGI_APPLICATION = "kinerja.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{Path.cwd() / 'kinerja.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except Exception as exc:  # dj_database_url raises several types for a bad URL
    raise ImproperlyConfigured(f"DATABASE_URL={DATABASE_URL!r}: {exc}") from exc

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # kinerja's queries are short reports; PostgreSQL's JIT compiler can spend seconds
    # compiling one of them (docs/performance.md), and never pays back here.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 first: the strongest hasher Django ships; the others still verify (and upgrade)
# passwords hashed before.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "org:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Failed-login throttling (accounts.throttle): this many failures for one user name or
# one address within the window lock further attempts until the window has passed.
KINERJA_LOGIN_MAX_FAILURES = 5
KINERJA_LOGIN_WINDOW_MINUTES = 15

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Indonesian first; English through Django's i18n.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
KINERJA_EVIDENCE_ROOT = Path(  # read by measurement migration 0009 only
    os.environ.get("KINERJA_EVIDENCE_ROOT", Path.cwd() / "var" / "evidence")
)
try:
    KINERJA_EVIDENCE_MAX_BYTES = int(os.environ.get("KINERJA_EVIDENCE_MAX_MB", "10")) * 2**20
except ValueError as exc:
    raise ImproperlyConfigured(
        f"KINERJA_EVIDENCE_MAX_MB={os.environ['KINERJA_EVIDENCE_MAX_MB']!r}: expected whole MB"
    ) from exc
# A report file to review (kinerja review, the reports page): a LAKIN with charts runs to
# a few MB as DOCX and 5-15 MB as PDF.
try:
    KINERJA_REVIEW_MAX_BYTES = int(os.environ.get("KINERJA_REVIEW_MAX_MB", "25")) * 2**20
except ValueError as exc:
    raise ImproperlyConfigured(
        f"KINERJA_REVIEW_MAX_MB={os.environ['KINERJA_REVIEW_MAX_MB']!r}: expected whole MB"
    ) from exc
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# No upload form accepts more than this; a larger file stops being stored as soon as it
# passes the limit (core/uploads.py) and the form refuses it by its size.
KINERJA_UPLOAD_MAX_BYTES = max(KINERJA_EVIDENCE_MAX_BYTES, KINERJA_REVIEW_MAX_BYTES)
FILE_UPLOAD_HANDLERS = [
    "kinerja.core.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Larger uploads go to a temporary file instead of memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 2**20

# --- Production serving: static files, the reverse proxy (docs/deploy.md) --------------
# WhiteNoise (the middleware above) serves them in the demo and in production alike, from
# STATIC_ROOT, which `kinerja collectstatic` fills (`kinerja demo` runs it; deployments run
# it on every upgrade, docs/deploy.md). Names carry a hash of the content, so browsers
# may keep them for good, and gzip copies are made once at collection time. The manifest
# storage refuses, with DEBUG off, to name a file that was not collected: the test suite
# therefore renders with the plain storage and Django's finders (tests/conftest.py), and
# tests/test_serve.py and tests/browser/test_demo_served.py check the collected files.
STATIC_ROOT = Path(os.environ.get("KINERJA_STATIC_ROOT", Path.cwd() / "var" / "static"))
# Files (evidence, pending XLSX uploads, final report files) go through the "default"
# storage, so that any app node and any worker can read what another one wrote: a local
# folder (KINERJA_MEDIA_ROOT) on a single machine, an S3-compatible bucket (django-storages)
# when KINERJA_S3_BUCKET is set. Never served directly: every download passes a view
# that checks access (core/storage.py).
MEDIA_ROOT = Path(os.environ.get("KINERJA_MEDIA_ROOT", Path.cwd() / "var" / "media"))
KINERJA_S3_BUCKET = os.environ.get("KINERJA_S3_BUCKET", "").strip()
if KINERJA_S3_BUCKET:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": KINERJA_S3_BUCKET,
            "endpoint_url": os.environ.get("KINERJA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("KINERJA_S3_REGION") or None,
            "access_key": env_secret("KINERJA_S3_ACCESS_KEY_ID"),
            "secret_key": env_secret("KINERJA_S3_SECRET_ACCESS_KEY"),
            "location": os.environ.get("KINERJA_S3_PREFIX", "").strip("/"),
            # Private objects; a name is never reused (a second file gets a new name).
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Behind nginx every request reaches gunicorn from nginx's address; requests from these
# addresses carry the visitor's own in X-Real-IP (which nginx overwrites), used by the
# failed-login limit per address (accounts/throttle.py). Empty: REMOTE_ADDR as it is.
KINERJA_TRUSTED_PROXIES = frozenset(
    a.strip() for a in os.environ.get("KINERJA_TRUSTED_PROXIES", "").split(",") if a.strip()
)
for _address in KINERJA_TRUSTED_PROXIES:
    try:
        ipaddress.ip_address(_address)
    except ValueError:
        raise ImproperlyConfigured(
            f"KINERJA_TRUSTED_PROXIES: {_address!r} is not an IP address"
        ) from None

# Security: safe defaults everywhere; HTTPS-only settings when KINERJA_SECURE is on.
# A session ends after KINERJA_SESSION_IDLE_MINUTES without a request (default 60); the
# requests of a user at work renew it (core/privacy.py), an abandoned one soon ends.
try:
    SESSION_COOKIE_AGE = int(os.environ.get("KINERJA_SESSION_IDLE_MINUTES", "60")) * 60
except ValueError as exc:
    raise ImproperlyConfigured(
        f"KINERJA_SESSION_IDLE_MINUTES={os.environ['KINERJA_SESSION_IDLE_MINUTES']!r}: "
        "expected whole minutes"
    ) from exc
if SESSION_COOKIE_AGE <= 0:
    raise ImproperlyConfigured("KINERJA_SESSION_IDLE_MINUTES must be at least 1")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
if SECURE:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logs and error reporting (docs/deploy.md) --------------------------------------------
# To standard error (journald under systemd): KINERJA_LOG_FORMAT=json gives one JSON object
# a line, for a log collector; every line carries the request id (core/requestid.py).
KINERJA_LOG_FORMAT = os.environ.get("KINERJA_LOG_FORMAT", "text").strip().lower()
if KINERJA_LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"KINERJA_LOG_FORMAT={KINERJA_LOG_FORMAT!r}: expected text or json")
KINERJA_LOG_LEVEL = os.environ.get("KINERJA_LOG_LEVEL", "WARNING").strip().upper()
if KINERJA_LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(
        f"KINERJA_LOG_LEVEL={KINERJA_LOG_LEVEL!r}: expected DEBUG, INFO, WARNING, ERROR or CRITICAL"
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "kinerja.core.requestid.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": KINERJA_LOG_FORMAT,
            "filters": ["request_id"],
            # Django's loggers pass their records up at their own levels: the handler's
            # level is the one that holds for every line.
            "level": KINERJA_LOG_LEVEL,
        }
    },
    "root": {"handlers": ["console"], "level": KINERJA_LOG_LEVEL},
}
if KINERJA_LOG_FORMAT == "json":
    import logging

    # Python's warnings too, so that every line on standard error is one JSON object.
    logging.captureWarnings(True)

# Error reporting to Sentry (or a compatible service such as GlitchTip) only when a DSN is
# set; no personal data is sent (user names, addresses, cookies, request bodies).
KINERJA_SENTRY_DSN = env_secret("KINERJA_SENTRY_DSN")
if KINERJA_SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=KINERJA_SENTRY_DSN,
        environment=os.environ.get("KINERJA_SENTRY_ENVIRONMENT") or "production",
        send_default_pii=False,
        traces_sample_rate=0,
    )
