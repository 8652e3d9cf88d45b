from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .services import Period


class BuildForm(forms.Form):
    period = forms.CharField(label=_("Quarter"), max_length=8, help_text=_("For example 2026Q3."))
    scope = forms.CharField(
        label=_("Team (optional)"),
        max_length=120,
        required=False,
        help_text=_("Leave empty for the whole organisation."),
    )

    def clean_period(self) -> Period:
        try:
            return Period.parse(self.cleaned_data["period"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None
