from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import EmailListField

from .models import Option, Question

FREE_TEXT_MAX = 200


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise forms.ValidationError(_("This cannot contain that character."))
    return value


class ConsentForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I agree that Mind Involve may use my answers for equality monitoring and diversity reporting"),
        error_messages={
            "required": _("Tick the box to say you agree. If you would rather not answer, you can leave this page.")
        },
    )


class AnswerForm(forms.Form):
    """One question: the options as radios, and an optional description for 'Any other ...'."""

    def __init__(self, *args: Any, question: Question, options: list[Option], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        self.options = {option.key: option for option in options}
        self.fields["option"] = forms.ChoiceField(
            label=question.text,
            help_text=question.hint,
            required=False,
            choices=[(option.key, option.label) for option in options],
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": _("Choose one of the answers, or skip this question.")},
        )
        for option in options:
            if option.allows_free_text:
                self.fields[self.detail_field(option)] = forms.CharField(
                    label=_("Describe, if you want to (optional)"),
                    required=False,
                    max_length=FREE_TEXT_MAX,
                    validators=[_no_nul],
                    error_messages={"max_length": _("Keep this to %(limit_value)d characters or fewer.")},
                )

    @staticmethod
    def detail_field(option: Option) -> str:
        return f"detail_{option.key}"

    def chosen_option(self) -> Option | None:
        key = self.cleaned_data.get("option")
        return self.options.get(key) if key else None

    def free_text(self) -> str:
        option = self.chosen_option()
        if option is None or not option.allows_free_text:
            return ""
        return self.cleaned_data.get(self.detail_field(option), "")


class InvitationForm(forms.Form):
    emails = EmailListField(
        label=_("E-mail addresses"),
        help_text=_("One address on each line. Each person must already have an account."),
        validators=[_no_nul],
        error_messages={"required": _("Enter at least one e-mail address.")},
    )
