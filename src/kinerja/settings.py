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
- ``KINERJA_CACHE_URL``: a ``redis://`` URL for the cache shared by every worker (the
  survey's rate limit); default a cache per process.
- ``KINERJA_SURVEY_RATE``: survey answers without an order link per client address
  (default ``30/h``).
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
- ``KINERJA_BROKER_URL``, ``KINERJA_JOBS_QUEUE``, ``KINERJA_BEAT_SCHEDULE_FILE``: the
  background jobs' message broker (default the local Redis), queue name and the
  scheduler's state file (docs/jobs.md).
"""

import ipaddress
import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
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
    "axes",
    # django-ninja: the REST API; installed as an app so that its docs page uses the
    # swagger-ui files it ships (static files, no CDN: CSP allows only 'self').
    "ninja",
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
    "kinerja.jobs",
    "kinerja.api",
    "kinerja.evaluation",
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
    # Indonesian unless the language switch chose English (core/language.py).
    "kinerja.core.language.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in user's pages: Cache-Control no-store (core/privacy.py).
    "kinerja.core.privacy.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy on every page (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kinerja.audit.middleware.AuditActorMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
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
                "kinerja.org.context.navigation",
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

# A read replica of the PostgreSQL primary for the dashboards and the public pages
# (core/replica.py, docs/scaling.md); tests point it at the test database (MIRROR).
KINERJA_REPLICA_URL = os.environ.get("KINERJA_REPLICA_URL", "")
if KINERJA_REPLICA_URL:
    try:
        DATABASES["replica"] = dj_database_url.parse(KINERJA_REPLICA_URL, conn_max_age=60)
    except Exception as exc:
        raise ImproperlyConfigured(f"KINERJA_REPLICA_URL: {exc}") from exc
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["replica"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["kinerja.core.replica.ReplicaRouter"]

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
# Failed-login throttling by django-axes: this many failures for one user name from one
# client address (core/clientip.py) lock that combination until the window has passed.
# The combination, not the name alone: nobody can lock the head of unit out from
# elsewhere; not the address alone: a whole office behind one NAT address is not locked
# by one person's typos. Counting is atomic (a row lock per combination).
KINERJA_LOGIN_MAX_FAILURES = 5
KINERJA_LOGIN_WINDOW_MINUTES = 15
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = KINERJA_LOGIN_MAX_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=KINERJA_LOGIN_WINDOW_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "kinerja.core.clientip.client_address"
AXES_LOCKOUT_CALLABLE = "kinerja.accounts.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
# The login records (docs/security.md): every login and logout (AccessLog) and every
# failed login (AccessFailureLog), with address and user agent, in the admin.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Indonesian first; English through Django's i18n.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
# The language switch is remembered for a year (core/language.py reads only this cookie).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
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
# The cache holds the survey's rate-limit counters (survey/views.py): in production it
# must be shared by every gunicorn worker, so KINERJA_CACHE_URL names a Redis database
# (redis://127.0.0.1:6379/1); without it each process keeps its own (fine for one
# process: development, tests, the demo).
KINERJA_CACHE_URL = os.environ.get("KINERJA_CACHE_URL", "").strip()
if KINERJA_CACHE_URL:
    if not KINERJA_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"KINERJA_CACHE_URL={KINERJA_CACHE_URL!r}: expected a redis:// URL"
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": KINERJA_CACHE_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The public survey (docs/security.md, anti-automation): answers without an order's
# one-time link are limited per client address (django-ratelimit; "N/s", "N/m", "N/h" or
# "N/d"); a service counter's kiosk shares one address, so the default is generous.
# KINERJA_SURVEY_BURST answers within KINERJA_SURVEY_BURST_MINUTES flag the unit's
# survey page for its staff.
KINERJA_SURVEY_RATE = os.environ.get("KINERJA_SURVEY_RATE", "30/h").strip()
if not re.fullmatch(r"\d+/[smhd]", KINERJA_SURVEY_RATE):
    raise ImproperlyConfigured(
        f"KINERJA_SURVEY_RATE={KINERJA_SURVEY_RATE!r}: expected a count per time such as 30/h"
    )
# The REST API (docs/api.md): requests per API token, as "N/s", "N/m", "N/h" or "N/d".
KINERJA_API_RATE = os.environ.get("KINERJA_API_RATE", "300/m").strip()
if not re.fullmatch(r"\d+/[smhd]", KINERJA_API_RATE):
    raise ImproperlyConfigured(
        f"KINERJA_API_RATE={KINERJA_API_RATE!r}: expected a count per time such as 300/m"
    )
RATELIMIT_FAIL_OPEN = True  # a cache outage must not refuse real respondents
KINERJA_SURVEY_BURST = 20
KINERJA_SURVEY_BURST_MINUTES = 10
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
    "staticfiles": {"BACKEND": "kinerja.core.staticstorage.StaticFilesStorage"},
}
# Behind nginx every request reaches gunicorn from nginx's address; requests from these
# addresses carry the visitor's own in X-Real-IP (which nginx overwrites), used by the
# failed-login lock and the survey's rate limit (core/clientip.py). Empty: REMOTE_ADDR as it is.
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
# Content-Security-Policy (django-csp): scripts, styles, images and fonts from kinerja's own
# origin only — no inline script or style, no eval, no plugin, no framing, forms post only
# to kinerja. The templates have no inline script, style or event attribute; htmx is a
# static file and its inline indicator style and eval are switched off (base.html,
# meta htmx-config). Charts are inline SVG with presentation attributes, which CSP allows.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
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

# --- Background work: Celery with Redis as broker (kinerja/celery.py, docs/jobs.md) -----
# Jobs are recorded in the database (jobs.Job); the broker only carries "run job N", so
# no result backend is needed. A task is acknowledged only when it has finished
# (acks_late) and given back to the queue when its worker dies (reject_on_worker_lost):
# a job is then retried, and its runner makes a second run harmless (jobs/runners.py).
CELERY_BROKER_URL = os.environ.get("KINERJA_BROKER_URL", "redis://127.0.0.1:6379/0")
# One queue name per installation (or per test run sharing a Redis).
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("KINERJA_JOBS_QUEUE", "kinerja")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TRACK_STARTED = False
# Per job; a batch of reports gets longer limits (jobs/tasks.py).
CELERY_TASK_SOFT_TIME_LIMIT = 15 * 60
CELERY_TASK_TIME_LIMIT = 16 * 60
# A task taken by a worker that vanished without a word goes back to the queue after
# this long (Redis transport); longer than the longest hard time limit.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 5 * 60 * 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = "Asia/Jakarta"
# Periodic work, run by the scheduler embedded in `kinerja worker` (beat). The one place
# where schedules are kept: {"name": {"task": "kinerja.…", "schedule": crontab(…)}}.
CELERY_BEAT_SCHEDULE: dict = {
    # E-mail reminders 7, 3 and 1 days before an entry window closes (accounts/reminders.py),
    # every morning at 07:00 local time; idempotent, so a restart that runs it twice sends
    # nothing twice.
    "entry-reminders": {
        "task": "kinerja.accounts.send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
}
# Beat's own state (last run of each entry); a file beside the working directory.
CELERY_BEAT_SCHEDULE_FILENAME = str(
    Path(os.environ.get("KINERJA_BEAT_SCHEDULE_FILE", Path.cwd() / "var" / "celerybeat-schedule"))
)
# Unit tests run tasks in the calling process (tests/conftest.py); never in production.
CELERY_TASK_ALWAYS_EAGER = False

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

# E-mail (reminders and workflow notices, accounts.reminders). Without a mail host the
# messages are printed to the console, as the demo does; production names its SMTP relay.
EMAIL_HOST = os.environ.get("KINERJA_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    try:
        EMAIL_PORT = int(os.environ.get("KINERJA_EMAIL_PORT", "587"))
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"KINERJA_EMAIL_PORT={os.environ['KINERJA_EMAIL_PORT']!r}: expected a port number"
        ) from exc
    EMAIL_HOST_USER = os.environ.get("KINERJA_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env_secret("KINERJA_EMAIL_PASSWORD") or ""
    EMAIL_USE_TLS = env_bool("KINERJA_EMAIL_TLS", True)
    EMAIL_TIMEOUT = 30
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("KINERJA_EMAIL_FROM", "kinerja <kinerja@localhost>")
# Where links in e-mails point (no request to take the host from): the site's address.
KINERJA_SITE_URL = os.environ.get("KINERJA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

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
