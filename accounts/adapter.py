from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.forms import Form
from django.http import HttpRequest

from . import services
from .crypto import second_factor_cipher
from .models import User
from .roles import Role


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: User, form: Form, commit: bool = True) -> Any:
        # Whoever signs up on the public site is an applicant; staff roles are given in admin.
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            services.user_add_role(user=user, role=Role.APPLICANT)
        return user


class MFAAdapter(DefaultMFAAdapter):
    """allauth stores TOTP secrets and recovery-code seeds through these two hooks: encrypted,
    a database dump holds no one's second factor."""

    def encrypt(self, text: str) -> str:
        return second_factor_cipher().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return second_factor_cipher().decrypt(encrypted_text.encode()).decode()
