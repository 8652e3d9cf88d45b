"""Configuration mistakes show up as system checks, so `manage.py check --deploy` catches them."""

import base64
import binascii
from collections.abc import Sequence
from typing import Any

from cryptography.fernet import Fernet
from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

MIN_SECRET_LENGTH = 32
DEV_ONLY_PREFIX = "insecure-development-only-"


# Secrets that key an HMAC over people's ids. Each must be long, not a development value, and
# distinct from every other, so that rotating or leaking one never changes or reveals another.
KEYED_SECRETS = {
    "DEMOGRAPHICS_PSEUDONYM_KEY": ("mind_involve.E001", "mind_involve.E002"),
    # Whoever reads the logs must not hold the key that makes subject keys.
    "LOG_HMAC_KEY": ("mind_involve.E009", "mind_involve.E010"),
    "DISCLOSURE_RECORD_KEY_SECRET": ("mind_involve.E012", "mind_involve.E013"),
}


@register(Tags.security)
def check_keyed_secrets(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[Error]:
    if settings.DEBUG:
        return []
    errors = []
    for name, (weak_id, shared_id) in KEYED_SECRETS.items():
        value = getattr(settings, name)
        if value.startswith(DEV_ONLY_PREFIX) or len(value) < MIN_SECRET_LENGTH:
            errors.append(
                Error(
                    f"{name} is the development key or shorter than {MIN_SECRET_LENGTH} characters.",
                    hint="Set it to a long random value kept outside the database, e.g. "
                    "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`.",
                    id=weak_id,
                )
            )
            continue
        others = {"DJANGO_SECRET_KEY": settings.SECRET_KEY} | {
            other: getattr(settings, other) for other in KEYED_SECRETS if other != name
        }
        shared = [other for other, other_value in others.items() if other_value == value]
        if shared:
            errors.append(
                Error(
                    f"{name} must differ from {', '.join(shared)}.",
                    hint="Rotating one must never change the other.",
                    id=shared_id,
                )
            )
    return errors


@register(Tags.security)
def check_mfa_encryption_key(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[Error]:
    hint = (
        "Set MFA_ENCRYPTION_KEY to a key made by "
        "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`."
    )
    errors = []
    for key in settings.MFA_ENCRYPTION_KEYS:
        try:
            Fernet(key)
        except (ValueError, binascii.Error):
            errors.append(
                Error("MFA_ENCRYPTION_KEY holds a value that is not a Fernet key.", hint=hint, id="mind_involve.E007")
            )
            continue
        if not settings.DEBUG and base64.urlsafe_b64decode(key).startswith(DEV_ONLY_PREFIX.encode()):
            errors.append(Error("MFA_ENCRYPTION_KEY is the development key.", hint=hint, id="mind_involve.E008"))
    if not settings.MFA_ENCRYPTION_KEYS:
        errors.append(Error("MFA_ENCRYPTION_KEY is empty.", hint=hint, id="mind_involve.E007"))
    return errors


DATABASE_SESSION_ENGINES = ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db")


@register(Tags.security)
def check_sessions_stay_out_of_the_database(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[Error]:
    if settings.SESSION_ENGINE in DATABASE_SESSION_ENGINES:
        return [
            Error(
                "Sessions are stored in the database.",
                hint="A session row names a person and the time of their last request, which a database dump "
                "could match to other activity. Use the cache (with REDIS_URL) or files.",
                id="mind_involve.E011",
            )
        ]
    return []


@register(Tags.security)
def check_mfa_required(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[Error]:
    if not settings.MFA_REQUIRED and not settings.DEBUG:
        return [
            Error(
                "MFA_REQUIRED is false but DEBUG is off.",
                hint="Only a development site may switch off two-step sign-in. Remove MFA_REQUIRED.",
                id="mind_involve.E003",
            )
        ]
    return []


@register()
def check_disclosure_thresholds(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[Error]:
    errors = []
    if settings.DISCLOSURE_MIN_CELL < 3:
        errors.append(
            Error(
                f"DISCLOSURE_MIN_CELL is {settings.DISCLOSURE_MIN_CELL}; it may never be below 3.",
                hint="The default is 5. See shared/reference/statistics-and-disclosure.md.",
                id="mind_involve.E004",
            )
        )
    if settings.DISCLOSURE_MIN_BREAKDOWN < settings.DISCLOSURE_MIN_CELL:
        errors.append(
            Error(
                "DISCLOSURE_MIN_BREAKDOWN is smaller than DISCLOSURE_MIN_CELL.",
                hint="A breakdown needs at least as many people as one published cell (default 10).",
                id="mind_involve.E005",
            )
        )
    if settings.RETENTION_MONTHS < 1:
        errors.append(
            Error(
                f"RETENTION_MONTHS is {settings.RETENTION_MONTHS}; it must be at least 1.",
                id="mind_involve.E006",
            )
        )
    return errors


RETENTION_PERIODS = (
    "MINUTES_RETENTION_MONTHS",
    "MEETING_FILES_RETENTION_MONTHS",
    "CLAIMS_RETENTION_MONTHS",
    "RECEIPTS_RETENTION_MONTHS",
    "AUDIT_RETENTION_MONTHS",
)
# Finance rules (HMRC, the Charities Act) ask for payment records to be kept six years.
PAYMENT_RECORD_MONTHS = 72


@register()
def check_retention_periods(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[Error | Warning]:
    found: list[Error | Warning] = [
        Error(f"{name} is {getattr(settings, name)}; it must be at least 1.", id="mind_involve.E020")
        for name in RETENTION_PERIODS
        if getattr(settings, name) < 1
    ]
    found += [
        Warning(
            f"{name} is {getattr(settings, name)} months: payment records are usually kept six years.",
            hint=f"Check with your finance team before keeping them less than {PAYMENT_RECORD_MONTHS} months.",
            id="mind_involve.W020",
        )
        for name in ("CLAIMS_RETENTION_MONTHS", "RECEIPTS_RETENTION_MONTHS")
        if 1 <= getattr(settings, name) < PAYMENT_RECORD_MONTHS
    ]
    return found


@register(Tags.security, deploy=True)
def check_production_services(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[Warning]:
    warnings = []
    if not settings.REDIS_URL:
        warnings.append(
            Warning(
                "REDIS_URL is not set: tasks run inside web requests and rate limits use a per-process cache.",
                hint="Set REDIS_URL and run a Celery worker and beat (see docker-compose.yml).",
                id="mind_involve.W001",
            )
        )
    if settings.EMAIL_BACKEND.endswith(("console.EmailBackend", "locmem.EmailBackend", "dummy.EmailBackend")):
        warnings.append(
            Warning(
                "E-mail goes nowhere: EMAIL_URL is a console, memory or dummy backend.",
                hint="Set EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.org:587.",
                id="mind_involve.W002",
            )
        )
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        warnings.append(
            Warning(
                "The database is not PostgreSQL.",
                hint="Set DATABASE_URL=postgres://... for a deployment.",
                id="mind_involve.W003",
            )
        )
    return warnings


@register(Tags.security, deploy=True)
def check_trusted_proxies(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[Warning]:
    behind_proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None) is not None
    if behind_proxy and settings.TRUSTED_PROXY_COUNT < 1:
        return [
            Warning(
                "DJANGO_BEHIND_TLS_PROXY is on but DJANGO_TRUSTED_PROXY_COUNT is 0: every IP limit counts the "
                "proxy's address, so all visitors share one limit.",
                hint="Set DJANGO_TRUSTED_PROXY_COUNT to the number of proxies in front of the site (usually 1).",
                id="mind_involve.W004",
            )
        ]
    return []
