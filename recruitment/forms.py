from typing import Any, cast

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.widgets import DateInput, DateTimeInput

from .models import Application, Channel, Format, MessageTemplate, Opportunity, Partner, Region, RoleTemplate, Stage
from .translation import ADVERT_TEXT

HONEYPOT = "website"


class HoneypotMixin(forms.Form):
    """A field people never see or reach; automated form-fillers tend to fill it in."""

    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        template_name="forms/honeypot.html",  # type: ignore[call-arg]  # Django 5 takes it; django-stubs 5.2 not yet
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_website(self) -> str:
        if self.cleaned_data.get(HONEYPOT):
            raise forms.ValidationError(_("Please leave this empty."))
        return ""


class StepForm(HoneypotMixin, forms.ModelForm):
    title: "str | Promise" = ""

    @classmethod
    def field_names(cls) -> list[str]:
        """The application fields this step asks for."""
        return list(cls._meta.fields or ())

    @classmethod
    def field_label(cls, name: str) -> str:
        return str(cast(models.Field, Application._meta.get_field(name)).verbose_name)

    class Meta:
        model = Application
        fields: list[str] = []


class AboutForm(StepForm):
    title = _("About you")

    class Meta:
        model = Application
        fields = ["name", "email", "phone", "contact_method"]
        labels = {"name": _("Your name"), "phone": _("Phone number (optional)")}
        help_texts = {
            "name": _("The name you would like us to use."),
            "email": _("We will send your reference number here."),
            "phone": _("Only if you would like us to phone you."),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "contact_method": forms.RadioSelect,
        }
        error_messages = {
            "name": {"required": _("Enter your name.")},
            "email": {
                "required": _("Enter your e-mail address."),
                "invalid": _("Enter an e-mail address like name@example.org."),
            },
            "contact_method": {"required": _("Choose how you would like us to contact you.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("name", "email", "contact_method"):
            self.fields[name].required = True
        cast(forms.ChoiceField, self.fields["contact_method"]).choices = Application.ContactMethod.choices

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("contact_method") in {"phone", "either"} and not data.get("phone"):
            self.add_error("phone", _("Enter a phone number, or choose e-mail as the way to contact you."))
        return data


def _text_step(
    field: str, title: "str | Promise", label: "str | Promise", hint: "str | Promise", required: bool
) -> type[StepForm]:
    class TextStepForm(StepForm):
        class Meta:
            model = Application
            fields = [field]
            labels = {field: label}
            help_texts = {field: hint}
            widgets = {field: forms.Textarea(attrs={"rows": 8})}
            error_messages = {field: {"required": _("Tell us in a few words. There is no minimum length.")}}

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.fields[field].required = required

    TextStepForm.title = title
    TextStepForm.__name__ = f"{field.title().replace('_', '')}Form"
    return TextStepForm


ExperienceForm = _text_step(
    "lived_experience",
    _("Your lived experience"),
    _("In your own words, what is your experience of mental health problems?"),
    _("Share only what you are comfortable sharing. Any length is fine, and there are no wrong answers."),
    required=True,
)
WhyForm = _text_step(
    "why_this_role",
    _("Why this role"),
    _("Why would you like to do this role?"),
    _("A few sentences is enough."),
    required=True,
)
AvailabilityForm = _text_step(
    "availability",
    _("Availability"),
    _("When are you usually available? (optional)"),
    _("For example: weekday mornings, or not on Fridays."),
    required=False,
)
AccessForm = _text_step(
    "access_needs",
    _("Access needs"),
    _("Is there anything we can do to make taking part easier for you? (optional)"),
    _("For example: step-free access, a quiet room, captions, breaks, or materials in advance."),
    required=False,
)


class HeardForm(StepForm):
    title = _("How you heard about us")

    class Meta:
        model = Application
        fields = ["channel", "partner", "channel_detail"]
        labels = {
            "channel": _("How did you hear about this opportunity? (optional)"),
            "partner": _("Which organisation? (optional)"),
            "channel_detail": _("Where else? (optional)"),
        }
        widgets = {"channel": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["channel"]).choices = Channel.choices
        self.fields["channel"].required = False
        cast(forms.ModelChoiceField, self.fields["partner"]).queryset = Partner.objects.filter(is_active=True)
        cast(forms.ModelChoiceField, self.fields["partner"]).empty_label = _("Choose an organisation")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("channel") != Channel.PARTNER:
            data["partner"] = None
        if data.get("channel") != Channel.OTHER:
            data["channel_detail"] = ""
        return data


STEPS: list[tuple[str, type[StepForm]]] = [
    ("about", AboutForm),
    ("experience", ExperienceForm),
    ("why", WhyForm),
    ("availability", AvailabilityForm),
    ("access", AccessForm),
    ("heard", HeardForm),
]


def _with_welsh(fields: list[str], translated: tuple[str, ...]) -> list[str]:
    """Each translated field followed by its Welsh field (`title`, `title_cy`)."""
    return [name for field in fields for name in ([field, f"{field}_cy"] if field in translated else [field])]


class OpportunityForm(forms.ModelForm):
    class Meta:
        model = Opportunity
        fields = _with_welsh(
            [
                *RoleTemplate.ADVERT_FIELDS,
                "team",
                "format",
                "region",
                "location",
                "closing_date",
                "places",
                "status",
                "anonymised_screening",
            ],
            (*ADVERT_TEXT, "team", "location"),
        )
        widgets = {"closing_date": DateInput, "format": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name.endswith("_cy"):
                english = Opportunity._meta.get_field(name.removesuffix("_cy")).verbose_name  # type: ignore[union-attr]  # a model field
                field.label = _("%(field)s, in Welsh (optional)") % {"field": capfirst(english)}
                field.help_text = _("Shown on the Welsh pages. Without it, they show the English.")
                field.required = False
                field.widget.attrs["lang"] = "cy"

    def clean_closing_date(self) -> Any:
        closing = self.cleaned_data["closing_date"]
        if closing < timezone.localdate() and self.cleaned_data.get("status") != Opportunity.Status.CLOSED:
            raise forms.ValidationError(_("The closing date must be today or later."))
        return closing


class NewOpportunityForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Role template"),
        queryset=RoleTemplate.objects.filter(is_active=True),
        empty_label=_("Choose a template"),
    )
    team = forms.CharField(label=_("Team"), max_length=120)
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices, widget=forms.RadioSelect)
    region = forms.ChoiceField(label=_("Region"), choices=Region.choices)
    location = forms.CharField(label=_("Venue or place (optional)"), max_length=200, required=False)
    closing_date = forms.DateField(label=_("Closing date"), widget=DateInput)
    places = forms.IntegerField(label=_("Number of places"), min_value=1, max_value=500)
    anonymised_screening = forms.BooleanField(label=_("Anonymised screening"), required=False)

    def clean_closing_date(self) -> Any:
        closing = self.cleaned_data["closing_date"]
        if closing < timezone.localdate():
            raise forms.ValidationError(_("The closing date must be today or later."))
        return closing


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"), choices=[c for c in Stage.choices if c[0] != Stage.RECEIVED])
    reason = forms.CharField(label=_("Why (optional)"), max_length=500, required=False)


class BulkMoveForm(MoveForm):
    applications = forms.MultipleChoiceField(
        label=_("Applications"), error_messages={"required": _("Choose at least one application.")}
    )

    def __init__(self, *args: Any, references: list[str], **kwargs: Any) -> None:
        # It shares the applications page with the filter, which has a Stage field of its own:
        # ids of its own keep each label on its own control.
        kwargs.setdefault("auto_id", "id_bulk_%s")
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["applications"]).choices = [(r, r) for r in references]


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Add a staff note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class InterviewForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput)
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    place = forms.CharField(label=_("Place or joining link"), max_length=300, required=False)
    adjustments = forms.CharField(
        label=_("Adjustments agreed (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_starts_at(self) -> Any:
        starts_at = self.cleaned_data["starts_at"]
        if starts_at < timezone.now():
            raise forms.ValidationError(_("Choose a date and time in the future."))
        return starts_at


class MessageForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Message"), queryset=MessageTemplate.objects.all(), empty_label=_("Choose a message")
    )


class OutreachForm(forms.Form):
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners to send this opportunity to"),
        queryset=Partner.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one partner.")},
    )
