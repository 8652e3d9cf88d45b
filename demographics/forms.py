from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import EmailListField

from .models import Option, Question, QuestionSet

FREE_TEXT_MAX = 200


def _no_nul(value: str) -> None:
    if "\x00" in value:
        raise forms.ValidationError(_("This cannot contain that character."))


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


# Question sets, for the Equality lead -------------------------------------------------------


class _OptionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Option) -> str:
        return f"{obj.question.text}: {obj.label}"


class QuestionSetDetailsForm(forms.ModelForm):
    class Meta:
        model = QuestionSet
        fields = ["name", "privacy_notice_version"]
        labels = {"name": _("Name"), "privacy_notice_version": _("Privacy notice version")}


WELSH = {"lang": "cy"}


class QuestionForm(forms.ModelForm):
    FIELDS = ("key", "order", "text", "text_cy", "hint", "hint_cy", "warning", "warning_cy", "parent", "shown_if")

    class Meta:
        model = Question
        fields = ["key", "order", "text", "text_cy", "hint", "hint_cy", "warning", "warning_cy", "parent", "shown_if"]
        labels = {
            "key": _("Key"),
            "order": _("Order"),
            "text": _("Question"),
            "text_cy": _("Question in Welsh"),
            "hint": _("Hint (optional)"),
            "hint_cy": _("Hint in Welsh (optional)"),
            "warning": _("Warning (optional)"),
            "warning_cy": _("Warning in Welsh (optional)"),
            "parent": _("Asked after (optional)"),
            "shown_if": _("Only if the answer was (optional)"),
        }
        help_texts = {"text_cy": _("Shown on the Welsh pages. Without it, they show the English.")}
        widgets = {
            "text_cy": forms.TextInput(attrs=WELSH),
            "hint": forms.Textarea(attrs={"rows": 2}),
            "hint_cy": forms.Textarea(attrs={"rows": 2, **WELSH}),
            "warning": forms.Textarea(attrs={"rows": 2}),
            "warning_cy": forms.Textarea(attrs={"rows": 2, **WELSH}),
        }
        field_classes = {"shown_if": _OptionChoiceField}

    def __init__(self, *args: Any, question_set: QuestionSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = question_set.questions.exclude(pk=self.instance.pk or 0)
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = others.order_by("order")
        cast(forms.ModelChoiceField, self.fields["parent"]).empty_label = _("Not a follow-up question")
        cast(forms.ModelChoiceField, self.fields["shown_if"]).queryset = (
            Option.objects.filter(question__in=others).select_related("question").order_by("question__order", "order")
        )
        cast(forms.ModelChoiceField, self.fields["shown_if"]).empty_label = _("Any answer")

    def _post_clean(self) -> None:
        # The service checks the model (after the draft rule); the form only reads the fields.
        pass


class OptionForm(forms.ModelForm):
    FIELDS = ("order", "key", "label", "label_cy", "prefer_not_to_say", "allows_free_text", "group")

    class Meta:
        model = Option
        fields = ["order", "key", "label", "label_cy", "prefer_not_to_say", "allows_free_text", "group"]
        widgets = {"label_cy": forms.TextInput(attrs=WELSH)}
        labels = {
            "order": _("Order"),
            "key": _("Key"),
            "label": _("Answer"),
            "label_cy": _("Answer in Welsh"),
            "prefer_not_to_say": _("This is 'Prefer not to say'"),
            "allows_free_text": _("Offers a box to describe it"),
            "group": _("Shown under (optional)"),
        }
        field_classes = {"group": _OptionChoiceField}

    def __init__(self, *args: Any, question_set: QuestionSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["group"]).queryset = (
            Option.objects.filter(question__question_set=question_set)
            .select_related("question")
            .order_by("question__order", "order")
        )
        cast(forms.ModelChoiceField, self.fields["group"]).empty_label = _("Not grouped")

    def _post_clean(self) -> None:
        pass


OptionFormSet = forms.inlineformset_factory(
    Question, Option, form=OptionForm, fk_name="question", extra=2, can_delete=True
)
