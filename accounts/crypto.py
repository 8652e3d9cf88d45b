"""Encryption of second factors at rest: Fernet (AES-128-CBC with HMAC-SHA256) from the
`cryptography` library, under keys from the environment (MFA_ENCRYPTION_KEY)."""

from collections.abc import Sequence

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


def second_factor_cipher(keys: Sequence[str] | None = None) -> MultiFernet:
    """Encrypts with the first key and decrypts with any of them, so a new key can come first
    while secrets made under the old one are still read (and then rotated)."""
    return MultiFernet([Fernet(key) for key in (keys if keys is not None else settings.MFA_ENCRYPTION_KEYS)])
