"""Forms that extend allauth's own. Kept apart from forms.py, which allauth imports itself."""

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _


class LoginForm(allauth_forms.LoginForm):
    """One sign-in form for everyone: staff type their password; applicants leave it blank and
    get a code by e-mail, because their accounts have no password."""

    def _setup_password_field(self) -> None:
        password = self.fields["password"]
        password.required = False
        password.help_text = _("Leave this blank and we will e-mail you a sign-in code instead.")
