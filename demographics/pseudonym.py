"""The one place a subject key is computed. Only this app's services and selectors call it."""

import hashlib
import hmac

from django.conf import settings


def subject_key_for(user_id: int, *, key: str | None = None) -> str:
    secret = (key if key is not None else settings.DEMOGRAPHICS_PSEUDONYM_KEY).encode()
    return hmac.new(secret, f"user:{user_id}".encode(), hashlib.sha256).hexdigest()
