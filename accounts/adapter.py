from types import SimpleNamespace
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib.sites.requests import RequestSite
from django.forms import Form
from django.http import HttpRequest
from django.urls import reverse
from django.utils.encoding import force_str

from . import selectors, services
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

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # Each role lands on its work; a page asked for before signing in (next=) still comes first.
        user = request.user
        if not isinstance(user, User):  # only called once someone has signed in
            return super().get_login_redirect_url(request)
        return reverse(selectors.user_landing_url_name(user=user))

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        if request.user.is_authenticated:
            return self.get_login_redirect_url(request)
        return super().get_signup_redirect_url(request)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # Without the sites framework allauth would name the site by its address ("Hello from
        # 127.0.0.1:8000!"); the e-mails use the site's name instead.
        site = RequestSite(self.request) if self.request is not None else SimpleNamespace(domain="")
        site.name = settings.SITE_NAME
        super().send_mail(template_prefix, email, {**context, "current_site": site, "site_name": settings.SITE_NAME})

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.SITE_NAME}] {force_str(subject)}"


class MFAAdapter(DefaultMFAAdapter):
    """allauth stores TOTP secrets and recovery-code seeds through these two hooks: encrypted,
    a database dump holds no one's second factor."""

    def encrypt(self, text: str) -> str:
        return second_factor_cipher().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return second_factor_cipher().decrypt(encrypted_text.encode()).decode()
