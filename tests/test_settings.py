"""Settings come from the environment, and configuration mistakes surface as system checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "mind_involve.settings",
    "DJANGO_SECRET_KEY": "prod-secret-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFG",
    "DEMOGRAPHICS_PSEUDONYM_KEY": "prod-pseudonym-0123456789abcdefghijklmnopqrstuvwxyz-HIJKL",
    "DISCLOSURE_RECORD_KEY_SECRET": "prod-record-key-0123456789abcdefghijklmnopqrstuvwxyz-MNOPQ",
    "MFA_ENCRYPTION_KEY": "cHJvZC1tZmEta2V5LTAxMjM0NTY3ODlhYmNkZWZnaGk=",
    "LOG_HMAC_KEY": "prod-log-key-0123456789abcdefghijklmnopqrstuvwxyz-MNOPQ",
    "DJANGO_ALLOWED_HOSTS": "involve.example.org",
    "DATABASE_URL": "postgres://mind:secret@db.example.org:5432/mind_involve",
    "REDIS_URL": "redis://cache.example.org:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    for name in ("DEMOGRAPHICS_PSEUDONYM_KEY", "DISCLOSURE_RECORD_KEY_SECRET", "MFA_ENCRYPTION_KEY", "LOG_HMAC_KEY"):
        base.pop(name, None)
    base.pop("MFA_REQUIRED", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_passes_under_production_values():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "DJANGO_SECRET_KEY"}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("secret", ["DEMOGRAPHICS_PSEUDONYM_KEY", "DISCLOSURE_RECORD_KEY_SECRET"])
def test_production_refuses_to_start_without_a_keyed_secret(secret):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != secret}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert secret in result.stderr


@pytest.mark.parametrize("key", ["MFA_ENCRYPTION_KEY", "LOG_HMAC_KEY"])
def test_production_refuses_to_start_without_the_mfa_and_log_keys(key):
    env = {name: value for name, value in PRODUCTION_ENV.items() if name != key}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert key in result.stderr


def test_production_refuses_the_development_mfa_key():
    from mind_involve.settings import _DEV_MFA_KEY

    result = _manage("check", **{**PRODUCTION_ENV, "MFA_ENCRYPTION_KEY": _DEV_MFA_KEY})
    assert result.returncode != 0
    assert "mind_involve.E008" in result.stderr


def test_production_with_mfa_switched_off_fails_the_checks():
    result = _manage("check", **PRODUCTION_ENV, MFA_REQUIRED="false")
    assert result.returncode != 0
    assert "mind_involve.E003" in result.stderr


def test_embedded_default_needs_no_environment():
    result = _manage("check", DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr


def _check_ids() -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=True)}


@override_settings(DEBUG=False, DEMOGRAPHICS_PSEUDONYM_KEY="short")
def test_a_short_pseudonym_key_is_an_error():
    assert "mind_involve.E001" in _check_ids()


@override_settings(DEBUG=False, DEMOGRAPHICS_PSEUDONYM_KEY="x" * 40, SECRET_KEY="x" * 40)
def test_a_pseudonym_key_equal_to_the_secret_key_is_an_error():
    assert "mind_involve.E002" in _check_ids()


@override_settings(DEBUG=False, DISCLOSURE_RECORD_KEY_SECRET="insecure-development-only-record-key-secret")
def test_the_development_record_key_secret_is_an_error_in_production():
    assert "mind_involve.E012" in _check_ids()


@override_settings(DEBUG=False, DISCLOSURE_RECORD_KEY_SECRET="y" * 40, DEMOGRAPHICS_PSEUDONYM_KEY="y" * 40)
def test_a_record_key_secret_equal_to_the_pseudonym_key_is_an_error():
    assert {"mind_involve.E002", "mind_involve.E013"} <= _check_ids()


@pytest.mark.parametrize("keys", [["not-a-fernet-key"], []])
def test_an_mfa_key_that_is_not_a_fernet_key_is_an_error(settings, keys):
    settings.MFA_ENCRYPTION_KEYS = keys
    assert "mind_involve.E007" in _check_ids()


@pytest.mark.parametrize(
    ("log_key", "expected"),
    [
        ("short", "mind_involve.E009"),
        ("insecure-development-only-log-key-0123456789abcdef", "mind_involve.E009"),
        ("x" * 40, "mind_involve.E010"),
        ("y" * 40, "mind_involve.E010"),
        ("z" * 40, None),
    ],
)
def test_the_log_key_is_long_and_its_own(log_key, expected):
    with override_settings(DEBUG=False, LOG_HMAC_KEY=log_key, SECRET_KEY="x" * 40, DEMOGRAPHICS_PSEUDONYM_KEY="y" * 40):
        found = {i for i in _check_ids() if i in {"mind_involve.E009", "mind_involve.E010"}}
    assert found == ({expected} if expected else set())


@pytest.mark.parametrize(("cell", "breakdown", "expected"), [(2, 10, "E004"), (5, 4, "E005"), (5, 10, None)])
def test_disclosure_thresholds_are_checked(cell, breakdown, expected):
    with override_settings(DISCLOSURE_MIN_CELL=cell, DISCLOSURE_MIN_BREAKDOWN=breakdown):
        ids = _check_ids()
    found = {i for i in ids if i in {"mind_involve.E004", "mind_involve.E005"}}
    assert found == ({f"mind_involve.{expected}"} if expected else set())


@override_settings(REDIS_URL="", EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
def test_missing_broker_and_console_email_are_deploy_warnings():
    ids = _check_ids()
    assert {"mind_involve.W001", "mind_involve.W002"} <= ids


def test_the_test_suite_runs_on_postgresql_and_redis(settings):
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert settings.CACHES["default"]["BACKEND"] == "core.cache.RedisCache"
    assert settings.CELERY_TASK_ALWAYS_EAGER is False


def test_the_redis_cache_keeps_one_client_and_still_works(empty_cache):
    from django.core.cache import cache

    assert cache._cache.get_client() is cache._cache.get_client()
    cache.set("mind-involve-probe", {"a": 1}, 5)
    assert cache.get("mind-involve-probe") == {"a": 1}
    assert cache.add("mind-involve-count", 1, 5)
    assert cache.incr("mind-involve-count") == 2


def test_sessions_are_in_redis_with_it_and_in_files_without_it():
    show = "from django.conf import settings; print(settings.SESSION_ENGINE)"
    result = _manage("shell", "-c", show, **PRODUCTION_ENV)
    assert result.stdout.strip().splitlines()[-1] == "core.sessions", result.stderr
    result = _manage("shell", "-c", show, DJANGO_DEBUG="true")
    assert result.stdout.strip().splitlines()[-1] == "django.contrib.sessions.backends.file", result.stderr


@pytest.mark.parametrize("engine", ["db", "cached_db"])
def test_sessions_in_the_database_are_an_error(settings, engine):
    settings.SESSION_ENGINE = f"django.contrib.sessions.backends.{engine}"
    assert "mind_involve.E011" in _check_ids()


def test_a_deployment_that_names_its_database_is_not_in_debug_by_default():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "DJANGO_SECRET_KEY"}
    result = _manage("check", **env)
    assert result.returncode != 0  # DEBUG stayed off, so the missing secret key stops it
    result = _manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)")
    assert result.stdout.strip().splitlines()[-1] == "True"  # nothing set: the embedded default


def _printed_settings(*names: str, **env: str) -> list[str]:
    code = "from django.conf import settings; " + "; ".join(f"print(settings.{name})" for name in names)
    result = _manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-len(names) :]


def test_cookies_get_host_prefixed_names_under_https():
    # __Host- cookies must be Secure, for the whole site, with no Domain: a subdomain cannot set them.
    session, csrf = _printed_settings("SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME", **PRODUCTION_ENV)
    assert session.startswith("__Host-")
    assert csrf.startswith("__Host-")
    plain = _printed_settings("SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME", DJANGO_DEBUG="true")
    assert not any(name.startswith("__Host-") for name in plain)  # a browser drops them over plain http


def test_one_setting_tells_every_ip_limit_how_many_proxies_to_trust():
    assert _printed_settings("TRUSTED_PROXY_COUNT", "ALLAUTH_TRUSTED_PROXY_COUNT", DJANGO_DEBUG="true") == ["0", "0"]
    env = {**PRODUCTION_ENV, "DJANGO_TRUSTED_PROXY_COUNT": "1"}
    assert _printed_settings("TRUSTED_PROXY_COUNT", "ALLAUTH_TRUSTED_PROXY_COUNT", **env) == ["1", "1"]


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), TRUSTED_PROXY_COUNT=0)
def test_behind_a_proxy_without_trusting_it_is_a_deploy_warning():
    # Every IP limit would count the proxy's address: one sign-in lock-out for everyone.
    assert "mind_involve.W004" in _check_ids()


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_that_is_trusted_is_fine():
    assert "mind_involve.W004" not in _check_ids()
