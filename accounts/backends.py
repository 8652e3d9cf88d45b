"""The sign-in backends, loading the signed-in person once per request together with what the
two-step sign-in check needs (whether their role requires an authenticator app, and whether they
have one), so that check costs no queries of its own."""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from . import selectors
from .models import User


class _LoadsForRequest:
    def get_user(self, user_id: Any) -> User | None:
        user = selectors.user_for_request(user_id=user_id)
        return user if user is not None and user.is_active else None


class ModelBackend(_LoadsForRequest, DjangoModelBackend):
    pass


class AuthenticationBackend(_LoadsForRequest, AllauthBackend):
    pass
