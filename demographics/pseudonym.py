"""The one place a subject key is computed. Only this app's services and selectors call it."""

import hashlib
import hmac
from collections.abc import Iterable

from django.conf import settings

from core.hmacs import hmac_sha256_each


def subject_key_for(user_id: int, *, key: str | None = None) -> str:
    secret = (key if key is not None else settings.DEMOGRAPHICS_PSEUDONYM_KEY).encode()
    return hmac.new(secret, f"user:{user_id}".encode(), hashlib.sha256).hexdigest()


def subject_key_digests(user_ids: Iterable[int]) -> bytes:
    """The subject keys of many people as raw 32-byte digests, concatenated in order (a subject
    key is the digest in hex): the report build keys 100,000 people."""
    key = settings.DEMOGRAPHICS_PSEUDONYM_KEY.encode()
    return b"".join(hmac_sha256_each(key, (b"user:%d" % user_id for user_id in user_ids)))
