"""Settings come from the environment and a malformed value stops the start with a message naming it.

Each case imports `fazhi.settings` in a fresh interpreter, because the module reads the environment
once at import.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[2]

# Variables of the outer environment (CI sets DATABASE_URL) must not leak into the cases.
OWN_PREFIXES = ("FAZHI_", "DATABASE_URL", "SECRET_KEY", "REDIS_URL", "ALLOWED_HOSTS", "EMAIL_", "DB_CONN",
                "CSRF_TRUSTED", "DJANGO_SETTINGS_MODULE")


def run_python(code: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(OWN_PREFIXES)}
    clean.update({"FAZHI_DATA_DIR": str(tmp_path), "PYTHONPATH": str(REPO)})
    clean.update(env)
    return subprocess.run([sys.executable, "-c", code], env=clean, cwd=REPO, capture_output=True, text=True,
                          timeout=120)


def import_settings(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    return run_python("import fazhi.settings", env, tmp_path)


TESTING = {"FAZHI_TESTING": "1"}
GOOD_KEY = "k" * 50

MALFORMED = [
    ({"DATABASE_URL": "mysql://fazhi:secret@db/fazhi"}, "DATABASE_URL", "不受支持的数据库"),
    ({"DATABASE_URL": "postgis://fazhi@db/fazhi"}, "DATABASE_URL", "不受支持的数据库"),
    ({"DATABASE_URL": "localhost:5432/fazhi"}, "DATABASE_URL", "无法解析"),
    ({"FAZHI_LOCKOUT_ATTEMPTS": "five"}, "FAZHI_LOCKOUT_ATTEMPTS", "不是整数"),
    ({"FAZHI_LOCKOUT_ATTEMPTS": "0"}, "FAZHI_LOCKOUT_ATTEMPTS", "小于允许的最小值"),
    ({"FAZHI_LOCKOUT_MINUTES": "1.5"}, "FAZHI_LOCKOUT_MINUTES", "不是整数"),
    ({"FAZHI_SESSION_IDLE_MINUTES": "-3"}, "FAZHI_SESSION_IDLE_MINUTES", "小于允许的最小值"),
    ({"FAZHI_PASSWORD_EXPIRY_DAYS": "ninety"}, "FAZHI_PASSWORD_EXPIRY_DAYS", "不是整数"),
    ({"SECRET_KEY": "too-short"}, "SECRET_KEY", "太短"),
    ({"REDIS_URL": "http://cache:6379/0"}, "REDIS_URL", "不是 redis:// 地址"),
    ({"FAZHI_HTTPS": "maybe"}, "FAZHI_HTTPS", "不是布尔值"),
    ({"FAZHI_DEBUG": "开"}, "FAZHI_DEBUG", "不是布尔值"),
    ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT", "不是整数"),
    ({"EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"}, "EMAIL_USE_SSL", "不能同时"),
    ({"FAZHI_LOG_LEVEL": "LOUD"}, "FAZHI_LOG_LEVEL", "无效"),
    ({"FAZHI_ARCHIVE_MAX_MB": "lots"}, "FAZHI_ARCHIVE_MAX_MB", "不是整数"),
    ({"FAZHI_TEXT_MAX_CHARS": "0"}, "FAZHI_TEXT_MAX_CHARS", "小于允许的最小值"),
]


@pytest.mark.parametrize(("env", "variable", "message"), MALFORMED, ids=[f"{m[1]}={list(m[0].values())[-1]}"
                                                                          for m in MALFORMED])
def test_malformed_value_fails_loudly(tmp_path, env, variable, message):
    result = import_settings({**TESTING, **env}, tmp_path)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured"), result.stderr
    assert variable in last_line and message in last_line, last_line


def test_bad_database_url_message_does_not_echo_the_password(tmp_path):
    result = import_settings({**TESTING, "DATABASE_URL": "mysql://fazhi:Secret99@db/fazhi"}, tmp_path)
    assert result.returncode != 0 and "Secret99" not in result.stderr


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = import_settings({"DATABASE_URL": "postgresql://fazhi@db:5432/fazhi"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr.strip().splitlines()[-1]


def test_embedded_default_starts_without_any_variable(tmp_path):
    assert import_settings({}, tmp_path).returncode == 0


def test_values_are_read_from_the_environment(tmp_path):
    env = {
        "SECRET_KEY": GOOD_KEY, "DATABASE_URL": "postgresql://fazhi:pw@db.internal:5433/fazhi",
        "ALLOWED_HOSTS": "fazhi.gov.example, 10.0.0.5", "REDIS_URL": "redis://cache:6379/1",
        "FAZHI_MEDIA_ROOT": str(tmp_path / "media"), "FAZHI_STATIC_ROOT": str(tmp_path / "static"),
        "FAZHI_LOCKOUT_ATTEMPTS": "3", "FAZHI_LOCKOUT_MINUTES": "30", "FAZHI_SESSION_IDLE_MINUTES": "20",
        "FAZHI_PASSWORD_EXPIRY_DAYS": "0", "FAZHI_HTTPS": "yes", "FAZHI_BEHIND_PROXY": "1",
        "EMAIL_HOST": "mail.internal", "EMAIL_PORT": "587", "EMAIL_USE_TLS": "on",
    }
    code = (
        "import json, fazhi.settings as s; print(json.dumps({"
        "'db': [s.DATABASES['default'][k] for k in ('ENGINE', 'HOST', 'PORT', 'NAME')],"
        "'hosts': s.ALLOWED_HOSTS, 'broker': s.CELERY_BROKER_URL, 'eager': s.CELERY_TASK_ALWAYS_EAGER,"
        "'cache': s.CACHES['default']['BACKEND'], 'media': str(s.MEDIA_ROOT), 'static': str(s.STATIC_ROOT),"
        "'lock': [s.FAZHI_LOCKOUT_ATTEMPTS, s.FAZHI_LOCKOUT_MINUTES], 'idle': s.SESSION_COOKIE_AGE,"
        "'expiry': s.FAZHI_PASSWORD_EXPIRY_DAYS, 'secure': [s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0], 'proxy': list(s.SECURE_PROXY_SSL_HEADER),"
        "'mail': [s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS]}))"
    )
    result = run_python(code, env, tmp_path)
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    assert got["db"] == ["django.db.backends.postgresql", "db.internal", 5433, "fazhi"]
    assert got["hosts"] == ["fazhi.gov.example", "10.0.0.5"]
    assert got["broker"] == "redis://cache:6379/1" and got["eager"] is False
    assert got["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert got["media"] == str(tmp_path / "media") and got["static"] == str(tmp_path / "static")
    assert got["lock"] == [3, 30] and got["idle"] == 20 * 60 and got["expiry"] == 0
    assert got["secure"] == [True, True, True, True]
    assert got["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert got["mail"] == ["django.core.mail.backends.smtp.EmailBackend", "mail.internal", 587, True]


def test_sqlite_runs_in_wal_mode(tmp_path):
    """The embedded SQLite file is opened in WAL mode with foreign keys and a busy timeout."""
    if connection.vendor != "sqlite":
        pytest.skip("WAL is a SQLite journal mode; this run uses PostgreSQL")
    # The test database lives in memory (no journal file), so the suite's own connection can only show
    # that the pragma is configured; a fresh process opens the real file and reports the mode.
    assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'fazhi.settings'; django.setup();"
        "from django.db import connection; c = connection.cursor();"
        "print(*[c.execute(f'PRAGMA {p}').fetchone()[0] for p in ('journal_mode', 'foreign_keys', 'busy_timeout')])"
    )
    result = run_python(code, {}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "1", "5000"]
    assert (tmp_path / "fazhi.sqlite3").exists()
