from decimal import Decimal
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import EmailListField
from core.permissions import STAFF_AREA_CODENAME
from core.uploads import RECEIPT_UPLOAD
from core.widgets import DateInput, DateTimeInput

from .models import Action, Attachment, Insight, Meeting, Participation


class MeetingForm(forms.ModelForm):
    # Declared here, not in Meta, so a link typed without a scheme is taken as https (Django 6's
    # default, chosen now); the service saves it with the rest.
    joining_link = forms.URLField(label=_("Joining link"), required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "format",
            "venue",
            "facilitator",
            "purpose",
            "agenda",
            "visibility",
            "community",
            "team",
        ]
        widgets = {
            "starts_at": DateTimeInput,
            "ends_at": DateTimeInput,
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["kind", "title", "starts_at", "ends_at", "format", "venue", "joining_link"])
        cast(forms.ModelChoiceField, self.fields["facilitator"]).queryset = User.objects.filter(
            groups__permissions__codename=STAFF_AREA_CODENAME, is_active=True
        ).distinct()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        if data.get("visibility") == Meeting.Visibility.CLOSED and not data.get("community"):
            self.add_error("community", _("Say who this closed session is for."))
        return data


class InviteForm(forms.Form):
    emails = EmailListField(
        label=_("Invite people"),
        help_text=_("E-mail addresses of people with an account, one on each line."),
        limit=200,
        error_messages={"required": _("Enter at least one e-mail address.")},
    )

    def clean_emails(self) -> list[User]:
        addresses = set(self.cleaned_data["emails"])
        people = list(User.objects.filter(email__in=addresses, is_active=True))
        unknown = sorted(addresses - {p.email for p in people})
        if unknown:
            raise forms.ValidationError(
                _("No account uses: %(addresses)s"), params={"addresses": ", ".join(unknown[:10])}
            )
        return people


class NewParticipantForm(forms.Form):
    name = forms.CharField(label=_("Their name"), max_length=150)
    email = forms.EmailField(
        label=_("Their e-mail address"), help_text=_("We make an account and send the invitation here.")
    )


class ReplyForm(forms.ModelForm):
    services = forms.MultipleChoiceField(
        label=_("Would any of these help you take part? (optional)"),
        choices=Participation.Service.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Participation
        fields = ["reply", "access_needs", "services"]
        labels = {"reply": _("Can you come?"), "access_needs": _("Anything else we can do to help? (optional)")}
        widgets = {"reply": forms.RadioSelect, "access_needs": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["reply"]).choices = [
            c for c in Participation.Reply.choices if c[0] != Participation.Reply.INVITED
        ]


class AttendanceForm(forms.ModelForm):
    """One row of the attendance table: whether one person came."""

    class Meta:
        model = Participation
        fields = ["attendance"]
        error_messages = {
            "attendance": {
                "required": _("Choose whether they came."),
                "invalid_choice": _("Choose whether they came."),
            }
        }


class BaseAttendanceFormSet(forms.BaseModelFormSet):
    def add_non_form_error(self, error: forms.ValidationError) -> None:
        """A refusal from the service after the rows were valid, shown above the table."""
        # BaseFormSet.renderer is Django's (4.0 on); django-stubs 5.2 does not declare it.
        renderer = self.renderer  # type: ignore[attr-defined]
        self._non_form_errors = self.error_class(error.messages, error_class="nonform", renderer=renderer)

    def clean(self) -> None:
        super().clean()
        # A row whose person is not (or no longer) invited to this meeting: the formset's own id
        # check accepts any participation, so it would otherwise be dropped without a word.
        if any(form.instance.pk is None for form in self.initial_forms):
            raise forms.ValidationError(_("The list of people has changed. Check it and save again."))


# One form per person invited; nobody is added or removed here (edit_only), only marked.
# (The factory's type in django-stubs drops the formset class it is given; the cast keeps it.)
AttendanceFormSet = cast(
    "type[BaseAttendanceFormSet]",
    forms.modelformset_factory(
        Participation, form=AttendanceForm, formset=BaseAttendanceFormSet, extra=0, edit_only=True
    ),
)


class MinutesForm(forms.Form):
    body = forms.CharField(
        label=_("Minutes"),
        help_text=_("Markdown: # for headings, - for lists."),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=50_000,
    )


class FacilitatorForm(forms.Form):
    facilitator = forms.ModelChoiceField(
        label=_("Facilitator"),
        queryset=User.objects.none(),
        help_text=_("The facilitator approves the minutes."),
        error_messages={"required": _("Choose who facilitates the meeting.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["facilitator"]).queryset = User.objects.filter(
            groups__permissions__codename=STAFF_AREA_CODENAME, is_active=True
        ).distinct()


class InsightForm(forms.Form):
    text = forms.CharField(label=_("What was said"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    themes = forms.CharField(
        label=_("Themes (optional)"), help_text=_("Separate them with commas."), required=False, max_length=500
    )
    raised_by = forms.ModelChoiceField(label=_("Raised by (optional)"), queryset=User.objects.none(), required=False)
    anonymous = forms.BooleanField(label=_("The person asked to stay anonymous"), required=False)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["raised_by"]).queryset = User.objects.filter(
            participations__meeting=meeting
        )

    def theme_names(self) -> list[str]:
        return [name for name in self.cleaned_data["themes"].split(",") if name.strip()]


class RespondForm(forms.ModelForm):
    class Meta:
        model = Insight
        fields = ["status", "response"]
        labels = {"status": _("Status"), "response": _("Our response")}
        widgets = {"response": forms.Textarea(attrs={"rows": 3})}


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["title", "owner", "due_date"]
        labels = {"title": _("Action"), "owner": _("Owner"), "due_date": _("Due")}
        widgets = {"due_date": DateInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = User.objects.filter(
            groups__permissions__codename=STAFF_AREA_CODENAME, is_active=True
        ).distinct()


class ActionUpdateForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["status", "completion_note"]
        widgets = {"completion_note": forms.Textarea(attrs={"rows": 3})}


class ClaimForm(forms.Form):
    hours = forms.DecimalField(label=_("Hours"), min_value=Decimal("0.25"), max_value=Decimal("24"), decimal_places=2)
    declined_payment = forms.BooleanField(
        label=_("I do not want to be paid for my time"), help_text=_("We still pay your expenses."), required=False
    )
    expense_description = forms.CharField(label=_("Expense (optional)"), max_length=200, required=False)
    expense_amount = forms.DecimalField(
        label=_("Amount in £ (optional)"),
        min_value=Decimal("0.01"),
        max_value=Decimal("10000"),
        decimal_places=2,
        required=False,
    )
    receipt = forms.FileField(label=_("Receipt (optional)"), required=False, validators=[RECEIPT_UPLOAD])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["receipt"].help_text = _("A PDF, PNG or JPEG, up to %(limit)s MB.") % {
            "limit": settings.UPLOAD_MAX_MB
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if bool(data.get("expense_description")) != bool(data.get("expense_amount")):
            self.add_error("expense_amount", _("Give both what the expense was for and how much it was."))
        return data

    def expenses(self) -> list[dict[str, Any]]:
        if not self.cleaned_data.get("expense_amount"):
            return []
        item = {"description": self.cleaned_data["expense_description"], "amount": self.cleaned_data["expense_amount"]}
        if self.cleaned_data.get("receipt"):
            item["receipt"] = self.cleaned_data["receipt"]
        return [item]


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "file"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A PDF, Word (.docx), OpenDocument (.odt), PowerPoint (.pptx), text, PNG or JPEG file, up to %(limit)s MB."
        ) % {"limit": settings.UPLOAD_MAX_MB}


class RateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=Meeting.Kind.choices)
    hourly_rate = forms.DecimalField(
        label=_("£ per hour"), min_value=Decimal("0"), max_value=Decimal("1000"), decimal_places=2
    )
