from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.widgets import DateInput

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


class BenchmarkImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("Columns: dimension, category, share_percent, source."))
    name = forms.CharField(label=_("Name"), max_length=150)
    as_of = forms.DateField(label=_("Figures as of"), widget=DateInput)
    make_default = forms.BooleanField(label=_("Use these in reports from now on"), required=False)

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > 1_000_000:
            raise forms.ValidationError(_("The file is too big; benchmarks fit in a few kilobytes."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("Save the file as CSV (UTF-8) and try again.")) from None


class PrevalenceForm(forms.Form):
    source = forms.CharField(
        label=_("Source of the prevalence figures"),
        help_text=_("For example: APMS 2014, common mental disorder in the past week."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )

    def __init__(self, *args: Any, categories: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in categories.items():
            self.fields[f"rate_{key}"] = forms.DecimalField(
                label=_("Prevalence for %(group)s (%%)") % {"group": label},
                min_value=0,
                max_value=100,
                decimal_places=2,
            )

    def rates(self) -> dict[str, Decimal]:
        return {name[5:]: value for name, value in self.cleaned_data.items() if name.startswith("rate_")}
