from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.forms import Form
from django.http import HttpRequest

from . import services
from .models import User
from .roles import Role


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: User, form: Form, commit: bool = True) -> Any:
        # Whoever signs up on the public site is an applicant; staff roles are given in admin.
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            services.user_add_role(user=user, role=Role.APPLICANT)
        return user
