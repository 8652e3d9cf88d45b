import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input
from django.utils.translation import gettext_lazy as _

# C0 and C1 control characters (line breaks and tabs among them) and the Unicode line and paragraph
# separators: none belongs in a name, a title or any other one-line answer. NUL is left to Django's
# own validator on every CharField, which says so in its own words.
CONTROL_CHARACTERS = re.compile(r"[\x01-\x1f\x7f-\x9f\u2028\u2029]")
SINGLE_LINE_MESSAGE = _("Write this on one line, without line breaks, tabs or hidden characters.")


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


def is_single_line(widget: forms.Widget) -> bool:
    """Text typed into an <input> (text, e-mail, search, password, hidden...), not a <textarea>."""
    return isinstance(widget, Input) and not isinstance(widget, forms.FileInput)


def single_line_rule_install() -> None:
    """Every CharField shown as a one-line input refuses control characters, in every form: ours,
    allauth's, django-filter's and the admin's. Django has no setting for this, so the one rule is
    wrapped around CharField.to_python once, at start-up; text areas keep their line breaks."""
    original: Callable[[forms.CharField, Any], Any] = forms.CharField.to_python
    if getattr(original, "single_line_rule", False):
        return

    def to_python(self: forms.CharField, value: Any) -> Any:
        value = original(self, value)
        if isinstance(value, str) and is_single_line(self.widget) and CONTROL_CHARACTERS.search(value):
            raise forms.ValidationError(SINGLE_LINE_MESSAGE, code="control_characters")
        return value

    to_python.single_line_rule = True  # type: ignore[attr-defined]
    forms.CharField.to_python = to_python  # type: ignore[method-assign]
