"""Settings for the test suite: the same settings module, driven by test environment values.

Tests always run against real PostgreSQL and Redis. Any value can still be overridden from the
environment (for example a different DATABASE_URL in CI).
"""

import os

_TEST_ENVIRONMENT = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/mind_involve",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
    "DJANGO_SECRET_KEY": "test-secret-key-not-for-production-0123456789",
    "DEMOGRAPHICS_PSEUDONYM_KEY": "test-pseudonym-key-not-for-production-0123456789",
    "DISCLOSURE_RECORD_KEY_SECRET": "test-record-key-secret-not-for-production-0123456789",
    "MFA_ENCRYPTION_KEY": "dGVzdC1tZmEta2V5LW5vdC1mb3ItcHJvZHVjdGlvbjA=",
    "LOG_HMAC_KEY": "test-log-key-not-for-production-0123456789abcdef",
    "DJANGO_HTTPS": "false",
    "DJANGO_MANIFEST_STATIC": "false",
    "DJANGO_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
}
for _name, _value in _TEST_ENVIRONMENT.items():
    os.environ.setdefault(_name, _value)

from .settings import *  # noqa: E402,F403

# Hashing cost is not what these tests are about.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

import tempfile  # noqa: E402

PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="mind-involve-private-")
MEDIA_ROOT = tempfile.mkdtemp(prefix="mind-involve-media-")

# Browser tests run against the live server without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
