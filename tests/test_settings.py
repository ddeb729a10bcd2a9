"""Settings come from the environment; production settings are checked in a subprocess."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_django(args: list[str], **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "ALLOWED_HOSTS", "SECURE_HTTPS")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def print_setting(name: str, **env: str) -> str:
    code = f"from django.conf import settings; print(settings.{name})"
    result = run_django(["shell", "--no-imports", "-c", code], **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_check_deploy_is_clean_with_only_the_three_production_variables():
    result = run_django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-key-with-enough-characters-0123456789",
        ALLOWED_HOSTS="referater.example.dk",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr


def test_production_refuses_to_start_without_secret_key():
    result = run_django(["check"], DEBUG="0", ALLOWED_HOSTS="referater.example.dk")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_django(["check"], DEBUG="0", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is required" in result.stderr


def test_a_typo_in_a_boolean_fails_loudly():
    result = run_django(["check"], DEBUG="ja")
    assert result.returncode != 0
    assert "DEBUG must be true/false" in result.stderr


def test_https_settings_can_be_turned_off_for_local_http():
    env = {"DEBUG": "0", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "localhost"}
    assert print_setting("SECURE_SSL_REDIRECT", **env) == "True"
    assert print_setting("SECURE_SSL_REDIRECT", SECURE_HTTPS="false", **env) == "False"
    assert print_setting("SESSION_COOKIE_SECURE", SECURE_HTTPS="false", **env) == "False"


def test_database_url_selects_the_database():
    engine = print_setting(
        "DATABASES['default']['ENGINE']",
        DEBUG="1",
        DATABASE_URL="postgres://someone@db.example:5432/referater",
    )
    assert engine == "django.db.backends.postgresql"
    assert print_setting("DATABASES['default']['ENGINE']", DEBUG="1", DATABASE_URL="") in (
        "django.db.backends.sqlite3",
    )


def test_cache_url_selects_the_shared_cache():
    backend = "CACHES['default']['BACKEND']"
    assert print_setting(backend, DEBUG="1", CACHE_URL="") == (
        "django.core.cache.backends.db.DatabaseCache"
    )
    assert print_setting(backend, DEBUG="1", CACHE_URL="redis://redis:6379/0") == (
        "django.core.cache.backends.redis.RedisCache"
    )
    result = run_django(["check"], DEBUG="1", CACHE_URL="memcached://cache:11211")
    assert result.returncode != 0
    assert "CACHE_URL must be empty, db or redis://..., not 'memcached://cache:11211'" in (
        result.stderr
    )


def test_language_and_time_zone_are_danish(settings):
    assert settings.LANGUAGE_CODE == "da"
    assert settings.TIME_ZONE == "Europe/Copenhagen"


def test_media_root_comes_from_the_environment(tmp_path):
    assert print_setting("MEDIA_ROOT", DEBUG="1", MEDIA_ROOT=str(tmp_path)) == str(tmp_path)


def test_a_secret_key_file_that_is_missing_is_a_readable_start_up_error(tmp_path):
    missing = tmp_path / "ingen-hemmelighed.txt"
    result = run_django(
        ["check"], DEBUG="0", ALLOWED_HOSTS="referater.example.dk", SECRET_KEY_FILE=str(missing)
    )
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line == (
        "django.core.exceptions.ImproperlyConfigured: "
        f"SECRET_KEY_FILE is '{missing}', which cannot be read (No such file or directory)."
    )
    assert "FileNotFoundError" not in result.stderr


def test_the_secret_key_is_read_from_the_file_secret_key_file_names(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("a-long-random-production-secret-key-read-from-a-docker-secret-0123\n")
    env = {"DEBUG": "0", "ALLOWED_HOSTS": "localhost", "SECRET_KEY_FILE": str(secret)}
    assert print_setting("SECRET_KEY", **env) == secret.read_text().strip()


def test_login_throttling_settings_come_from_the_environment():
    assert print_setting("AXES_FAILURE_LIMIT", DEBUG="1", AXES_FAILURE_LIMIT="10") == "10"
    assert print_setting("AXES_COOLOFF_TIME", DEBUG="1", AXES_COOLOFF_MINUTES="90") == "1:30:00"
    assert print_setting("AXES_COOLOFF_TIME", DEBUG="1", AXES_COOLOFF_MINUTES="0") == "None"


@pytest.mark.django_db
def test_postgresql_plans_the_app_queries_serially():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
