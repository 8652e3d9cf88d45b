"""Co-production workshops and project meetings: who came, what was said, what we did about it,
and paying people for their time."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage
from core.uploads import MEETING_FILE_UPLOAD, RECEIPT_UPLOAD
from recruitment.models import Format


class Meeting(models.Model):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Co-production workshop")
        PROJECT_MEETING = "project_meeting", _("Project meeting")
        ADVISORY_GROUP = "advisory_group", _("Advisory group")
        INTERVIEW_PANEL = "interview_panel", _("Interview panel")

    Format = Format

    class Visibility(models.TextChoices):
        OPEN = "open", _("Open to all advisors")
        INVITED = "invited", _("Invited people only")
        CLOSED = "closed", _("Closed session for a named community")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    joining_link = models.URLField(_("joining link"), blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("facilitator"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.TextField(_("purpose"))
    agenda = models.TextField(_("agenda"), blank=True)
    visibility = models.CharField(_("who can see it"), max_length=16, choices=Visibility.choices)
    community = models.CharField(
        _("community"),
        max_length=200,
        blank=True,
        help_text=_(
            "For a closed session: who it is for, e.g. people from Black, Asian and minority ethnic communities."
        ),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("meeting staff"), blank=True, related_name="staffed_meetings"
    )
    team = models.CharField(
        _("team (optional)"),
        max_length=120,
        blank=True,
        db_index=True,
        help_text=_("The team this meeting is for: the people who attend count in that team's diversity report."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="workshops_meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Participation(models.Model):
    """An invitation, the person's reply and needs, and whether they came."""

    class Reply(models.TextChoices):
        INVITED = "invited", _("Not replied yet")
        ACCEPTED = "accepted", _("Coming")
        DECLINED = "declined", _("Not coming")

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", _("Not recorded")
        ATTENDED = "attended", _("Attended")
        APOLOGIES = "apologies", _("Sent apologies")
        DID_NOT_ATTEND = "did_not_attend", _("Did not attend")

    class Service(models.TextChoices):
        INTERPRETER = "interpreter", _("An interpreter")
        BSL = "bsl", _("A BSL interpreter")
        CHILDCARE = "childcare", _("Childcare")
        TRAVEL = "travel", _("Help with travel")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations")
    reply = models.CharField(_("reply"), max_length=16, choices=Reply.choices, default=Reply.INVITED)
    access_needs = models.TextField(_("access needs"), max_length=2000, blank=True)
    services = models.JSONField(_("services needed"), default=list, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=16, choices=Attendance.choices, default=Attendance.UNKNOWN
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="workshops_one_participation_each")]

    def __str__(self) -> str:
        return f"{self.person} at {self.meeting}"


class Minutes(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    body = models.TextField(_("minutes (Markdown)"), max_length=50_000)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"


class Attachment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to="meetings/",
        storage=private_storage,
        validators=[FileExtensionValidator(["pdf", "docx", "odt", "pptx", "txt", "png", "jpg"]), MEETING_FILE_UPLOAD],
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class Theme(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Insight(models.Model):
    """Something raised at a meeting, and what we did about it ("you said, we did")."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        WILL_ACT = "will_act", _("We will act")
        ACTED_ON = "acted_on", _("Acted on")
        NOT_IN_REMIT = "not_in_remit", _("Not within our remit")
        ANSWERED_AFTER = "answered_after", _("Answered after the session")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="insights")
    text = models.TextField(_("what was said"), max_length=5000)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="insights")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    anonymous = models.BooleanField(_("anonymous to staff"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(_("our response"), max_length=5000, blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("insight")
        verbose_name_plural = _("insights")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    insight = models.ForeignKey(Insight, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="actions"
    )
    due_date = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    completion_note = models.TextField(_("what was done"), max_length=2000, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_date"]

    def __str__(self) -> str:
        return self.title


class ActivityRate(models.Model):
    """The hourly involvement payment for each kind of meeting, entered by staff."""

    kind = models.CharField(_("kind of meeting"), max_length=32, choices=Meeting.Kind.choices, unique=True)
    hourly_rate = models.DecimalField(
        _("£ per hour"), max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        verbose_name = _("payment rate")
        verbose_name_plural = _("payment rates")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: £{self.hourly_rate}"


class Claim(models.Model):
    """A claim for one meeting attended: time (hours times the rate) and expenses."""

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("Claimed")
        APPROVED = "approved", _("Approved")
        PAID = "paid", _("Paid")

    participation = models.OneToOneField(Participation, on_delete=models.CASCADE, related_name="claim")
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    hourly_rate = models.DecimalField(_("rate"), max_digits=7, decimal_places=2)
    declined_payment = models.BooleanField(
        _("I do not want to be paid for my time"), default=False, help_text=_("Expenses are still paid.")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.CLAIMED)
    claimed_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("payment claim")
        verbose_name_plural = _("payment claims")
        ordering = ["-claimed_at"]
        # Finance is given to a person (or a group) in admin; it is never implied by another role.
        permissions = [("approve_and_pay_claims", _("Finance: can approve and pay involvement claims"))]

    def __str__(self) -> str:
        return f"Claim {self.pk}"


class Expense(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="expenses")
    description = models.CharField(_("what it was for"), max_length=200)
    amount = models.DecimalField(
        _("amount (£)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    receipt = models.FileField(
        _("receipt"),
        upload_to="receipts/",
        storage=private_storage,
        blank=True,
        validators=[FileExtensionValidator(["pdf", "png", "jpg", "jpeg"]), RECEIPT_UPLOAD],
    )

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")

    def __str__(self) -> str:
        return self.description
