"""Django settings, read from the environment (see docs/configuration.md).

A malformed value stops the process at start with a message naming the variable: a platform that
silently falls back to defaults in production is worse than one that refuses to start.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from fazhi.core.archives import ArchiveLimits

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"环境变量 {name} 的值 {raw!r} 不是布尔值（应为 true/false/1/0）")


def _env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"环境变量 {name} 的值 {raw!r} 不是整数") from None
    if value < minimum:
        raise ImproperlyConfigured(f"环境变量 {name} 的值 {value} 小于允许的最小值 {minimum}")
    return value


def _env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


DEBUG = _env_bool("FAZHI_DEBUG", False)
TESTING = _env_bool("FAZHI_TESTING", False)

DATA_DIR = Path(os.environ.get("FAZHI_DATA_DIR") or REPO_DIR / "var").resolve()

# The embedded default (SQLite, one machine) may start without a SECRET_KEY; a production deployment
# (DATABASE_URL set) must not silently sign sessions with a key that is published in this file.
EMBEDDED = _env_bool("FAZHI_EMBEDDED", not os.environ.get("DATABASE_URL", "").strip())

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING or EMBEDDED):
        raise ImproperlyConfigured("生产环境必须设置环境变量 SECRET_KEY")
    SECRET_KEY = "embedded-only-insecure-key-set-SECRET_KEY-in-production"
elif len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("环境变量 SECRET_KEY 太短：至少需要 32 个字符")

ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # serves the API docs page from local static files instead of a CDN
    "treebeard",
    "simple_history",
    "fazhi.core",
    "fazhi.core.wordtemplates",
    "fazhi.workflow",
    "fazhi.search",
    "fazhi.plans",
    "fazhi.supervision",
    "fazhi.normdocs",
    "fazhi.decisions",
    "fazhi.contracts",
    "fazhi.portal",
    "fazhi.disclosure",
    "fazhi.mediation",
    "fazhi.reconsideration",
    "fazhi.litigation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "fazhi.core.middleware.SecurityHeadersMiddleware",
    "fazhi.core.middleware.ApiErrorBodyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "fazhi.core.middleware.InputEdgeMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fazhi.core.middleware.RequestContextMiddleware",
    "fazhi.core.middleware.SessionControlMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

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
                "fazhi.core.context_processors.shell",
            ],
        },
    }
]


def _database_from_env() -> dict:
    import dj_database_url

    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'fazhi.sqlite3'}"
    try:
        config = dj_database_url.parse(url, conn_max_age=_env_int("DB_CONN_MAX_AGE", 0))
    except Exception:  # dj_database_url raises several types; its text may quote the URL and its password
        raise ImproperlyConfigured(
            "环境变量 DATABASE_URL 无法解析：应为 postgresql://用户:密码@主机:端口/库名 或 sqlite:///文件路径"
        ) from None
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        # WAL lets readers work while one writer commits; IMMEDIATE avoids the
        # "database is locked" error that deferred transactions hit on upgrade to a write lock.
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                "PRAGMA busy_timeout=5000; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    elif engine != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            f"环境变量 DATABASE_URL 指向不受支持的数据库：{engine}（仅支持 postgresql:// 与 sqlite:///）"
        )
    return config


DATABASES = {"default": _database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "fazhi.core.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# 等保 2.0 controls; every limit is configurable.
FAZHI_PASSWORD_EXPIRY_DAYS = _env_int("FAZHI_PASSWORD_EXPIRY_DAYS", 90)
FAZHI_LOCKOUT_ATTEMPTS = _env_int("FAZHI_LOCKOUT_ATTEMPTS", 5, minimum=1)
FAZHI_LOCKOUT_MINUTES = _env_int("FAZHI_LOCKOUT_MINUTES", 15, minimum=1)
FAZHI_LOCKOUT_WINDOW_HOURS = _env_int("FAZHI_LOCKOUT_WINDOW_HOURS", 24, minimum=1)
FAZHI_LOGIN_KNOWN_ADDRESS_DAYS = _env_int("FAZHI_LOGIN_KNOWN_ADDRESS_DAYS", 90, minimum=0)
FAZHI_SESSION_IDLE_MINUTES = _env_int("FAZHI_SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = FAZHI_SESSION_IDLE_MINUTES * 60
# The cookie age is an idle timeout: SessionControlMiddleware saves a signed-in session (pushing its expiry a
# full age ahead) once a minute while it is used, instead of on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # the server-side expiry still follows SESSION_COOKIE_AGE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Pages carry the CSRF token themselves (base.html's hx-headers, {% csrf_token %}); no script reads it
# from the cookie, so the cookie can be hidden from scripts too.
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "fazhi.core.views.errors.csrf_failure"
SECURE_SSL_REDIRECT = _env_bool("FAZHI_HTTPS", False)
SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
SECURE_HSTS_SECONDS = _env_int("FAZHI_HSTS_SECONDS", 31536000 if SECURE_SSL_REDIRECT else 0)
# Behind a reverse proxy (nginx terminating HTTPS) the client address and scheme arrive in headers that
# only the proxy may set; trust them only when told the proxy is there.
FAZHI_TRUST_X_FORWARDED_FOR = _env_bool("FAZHI_BEHIND_PROXY", False)
if FAZHI_TRUST_X_FORWARDED_FOR:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
FAZHI_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("FAZHI_STATIC_ROOT") or REPO_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("FAZHI_MEDIA_ROOT") or DATA_DIR / "media")
MEDIA_URL = "/media/"
# `fazhi runserver` (or manage.py runserver) is the development server: whitenoise serves the static
# files straight from the source folders, so a fresh clone works without `collectstatic`. Any other
# start (gunicorn, DEBUG off) serves the collected, hashed and compressed files, and refuses to start
# without them (fazhi/wsgi.py → fazhi.core.startup).
DEV_SERVER = sys.argv[1:2] == ["runserver"]
STATIC_FROM_SOURCE = DEBUG or DEV_SERVER
WHITENOISE_USE_FINDERS = STATIC_FROM_SOURCE
WHITENOISE_AUTOREFRESH = STATIC_FROM_SOURCE
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING or STATIC_FROM_SOURCE
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
# List pages count at most this many rows and show "10000+" beyond (fazhi.core.tables.BoundedPaginator).
FAZHI_LIST_COUNT_CAP = _env_int("FAZHI_LIST_COUNT_CAP", 10_000, minimum=1)
# PostgreSQL with RUM: documents per part of the search index, read newest part first (fazhi/search/rum.py).
FAZHI_SEARCH_PART_DOCS = _env_int("FAZHI_SEARCH_PART_DOCS", 10_000, minimum=1)
# PostgreSQL with RUM: a query whose grams at most this many documents hold all of is confirmed on their texts,
# not read from RUM (fazhi/search/postgres.py; 0: always RUM).
FAZHI_SEARCH_RECHECK_CANDIDATES = _env_int("FAZHI_SEARCH_RECHECK_CANDIDATES", 3_000)
# PostgreSQL with RUM: parallel workers that read the older parts of the index for one count (0: none).
FAZHI_SEARCH_PARALLEL_WORKERS = _env_int("FAZHI_SEARCH_PARALLEL_WORKERS", 0)
# SQLite: processes that make the index rows while a search rebuild writes them, and pack a bulk load's texts
# (0: none; fazhi/search/fts5.py).
# One by default where there is a second core: the writing process is the slower half, so more do not help.
FAZHI_SEARCH_REBUILD_WORKERS = _env_int("FAZHI_SEARCH_REBUILD_WORKERS", 1 if (os.cpu_count() or 1) > 1 else 0)
FAZHI_EVIDENCE_MAX_BYTES = _env_int("FAZHI_EVIDENCE_MAX_MB", 20, minimum=1) * 1024 * 1024
# Bounds on unpacking docx/xlsx/zip uploads and on a document's text (decompression bombs); the plan CLI
# reads the same variables (fazhi/core/archives.py, docs/configuration.md).
try:
    FAZHI_ARCHIVE_LIMITS = ArchiveLimits.from_environ(os.environ)
except ValueError as exc:
    raise ImproperlyConfigured(str(exc)) from None
# Learn the lead-unit suggester in a background thread at start and after plans change (see
# supervision/suggest_services.py); the test suite needs the current model at every call.
FAZHI_SUGGEST_IN_BACKGROUND = _env_bool("FAZHI_SUGGEST_IN_BACKGROUND", not TESTING)

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"环境变量 REDIS_URL 的值 {REDIS_URL!r} 不是 redis:// 地址")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
# Without Redis (the embedded default) tasks run in the calling process.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# With Redis configured but down, an action that queues work must be refused at once (fazhi.core.jobs),
# not hang on the library's reconnection loops (19 s before) while the user waits. Results are never
# read (each job records its own outcome, e.g. ImportRun), so nothing waits on the result store either.
FAZHI_BROKER_CONNECT_SECONDS = 3
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_TIMEOUT = FAZHI_BROKER_CONNECT_SECONDS
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": FAZHI_BROKER_CONNECT_SECONDS, "socket_timeout": 10, "max_retries": 0,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = FAZHI_BROKER_CONNECT_SECONDS
CELERY_REDIS_SOCKET_TIMEOUT = 10
CELERY_TIMEZONE = TIME_ZONE
# The scheduled scans, all in one place. Each is also a management command for cron-only installs.
CELERY_BEAT_SCHEDULE = {
    "scan-deadlines": {  # every module's 临期/逾期 marks and notices (case clocks, milestones), before office hours
        "task": "fazhi.workflow.tasks.scan_deadlines",
        "schedule": crontab(hour=6, minute=30),
    },
    "normdocs-refresh-index": {  # validity moves with the calendar (施行日期 arrives, 有效期 ends)
        "task": "normdocs.refresh_index",
        "schedule": crontab(hour=0, minute=20),
    },
    "search-choose-vocabulary": {  # a corpus grown from nothing gets its common terms (a rebuild, once)
        "task": "search.choose_vocabulary",
        "schedule": crontab(day_of_week=0, hour=2, minute=40),
    },
}

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = _env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("环境变量 EMAIL_USE_TLS 与 EMAIL_USE_SSL 不能同时为 true")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "fazhi@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.locmem.EmailBackend"
)

# The daily digest (fazhi.core.digest) is off unless notifiers are named, e.g.
# FAZHI_DIGEST_NOTIFIERS=fazhi.core.notifiers.EmailNotifier,fazhi.core.notifiers.SmsNotifier
FAZHI_DIGEST_NOTIFIERS = [p.strip() for p in os.environ.get("FAZHI_DIGEST_NOTIFIERS", "").split(",") if p.strip()]
FAZHI_SMS_GATEWAY = os.environ.get("FAZHI_SMS_GATEWAY", "")  # dotted path to send(phone, text)
FAZHI_SITE_URL = os.environ.get("FAZHI_SITE_URL", "")  # links in e-mail and SMS: https://fazhi.example.gov.cn

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_CLASS = "fazhi.api.BoundedLimitOffsetPagination"

FAZHI_LOG_LEVEL = os.environ.get("FAZHI_LOG_LEVEL", "INFO").strip().upper() or "INFO"
if FAZHI_LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"环境变量 FAZHI_LOG_LEVEL 的值 {FAZHI_LOG_LEVEL!r} 无效（应为 DEBUG/INFO/WARNING/ERROR/CRITICAL）"
    )

# Request bodies never reach the logs: only method, path and status are written.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": FAZHI_LOG_LEVEL},
    "loggers": {"django.request": {"level": "ERROR"}},
}
