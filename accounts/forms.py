from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import services
from .models import User


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form: only a name, so applicants need no password."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("The name you would like us to use."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request: HttpRequest, user: User) -> None:
        # allauth calls this once the new user is saved.
        services.user_update(user=user, name=self.cleaned_data["name"])


class ProfileForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("The name you would like us to use. It does not have to be your legal name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )
