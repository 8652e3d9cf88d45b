from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


class DesignSystemFormRenderer(TemplatesSetting):
    """Renders every form and field with the GOV.UK Frontend markup kept in templates/forms/."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class EmailListField(forms.CharField):
    """E-mail addresses typed one to a line: cleaned to a sorted list without repeats, with every
    address that is not one named in the error."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *, limit: int = 500, **kwargs: Any) -> None:
        self.limit = limit
        kwargs.setdefault("max_length", 20_000)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[str]:
        text: str = super().clean(value)
        validator = forms.EmailField()
        addresses, invalid = set(), []
        for line in text.splitlines():
            address = line.strip().lower()
            if not address:
                continue
            try:
                addresses.add(validator.clean(address))
            except forms.ValidationError:
                invalid.append(address[:80])
        if invalid:
            raise forms.ValidationError(
                _("These are not e-mail addresses: %(addresses)s"), params={"addresses": ", ".join(invalid[:10])}
            )
        if not addresses:
            raise forms.ValidationError(_("Enter at least one e-mail address."))
        if len(addresses) > self.limit:
            raise forms.ValidationError(_("Send to %(limit)d people or fewer at a time."), params={"limit": self.limit})
        return sorted(addresses)
