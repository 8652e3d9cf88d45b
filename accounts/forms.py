from django import forms
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Language, User


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form: only a name, so applicants need no password."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("The name you would like us to use."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request: HttpRequest, user: User) -> None:
        # allauth calls this once the new user is saved. Someone who signs up on the Welsh pages
        # gets their e-mails in Welsh.
        services.user_update(user=user, name=self.cleaned_data["name"])
        services.user_language_set(user=user, language=translation.get_language())


class ProfileForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("The name you would like us to use. It does not have to be your legal name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        help_text=_("For these pages and for the e-mails we send you."),
        choices=Language.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a language."), "invalid_choice": _("Choose a language.")},
    )
