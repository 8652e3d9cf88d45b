"""The one place a subject key is computed. Only this app's services and selectors call it."""

import hashlib
import hmac
from collections.abc import Iterable, Iterator

from django.conf import settings


def subject_key_for(user_id: int, *, key: str | None = None) -> str:
    secret = (key if key is not None else settings.DEMOGRAPHICS_PSEUDONYM_KEY).encode()
    return hmac.new(secret, f"user:{user_id}".encode(), hashlib.sha256).hexdigest()


def subject_keys_for(user_ids: Iterable[int]) -> Iterator[str]:
    """The same keys as subject_key_for, for many people: copying one prepared HMAC object saves
    re-deriving the key pads for each person (the report build keys 100,000 people)."""
    base = hmac.new(settings.DEMOGRAPHICS_PSEUDONYM_KEY.encode(), digestmod=hashlib.sha256)
    for user_id in user_ids:
        mac = base.copy()
        mac.update(b"user:%d" % user_id)
        yield mac.hexdigest()
