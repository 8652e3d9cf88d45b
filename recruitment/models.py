"""Recruitment: role templates, opportunities, applications and the staff pipeline.

This app never imports demographics: nothing a reviewer sees can show, hint at or filter by an
applicant's equality answers.
"""

from typing import ClassVar

from django.conf import settings
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class Region(models.TextChoices):
    NATIONAL = "national", _("Anywhere (national)")
    NORTH_EAST = "north_east", _("North East")
    NORTH_WEST = "north_west", _("North West")
    YORKSHIRE = "yorkshire", _("Yorkshire and The Humber")
    EAST_MIDLANDS = "east_midlands", _("East Midlands")
    WEST_MIDLANDS = "west_midlands", _("West Midlands")
    EAST = "east", _("East of England")
    LONDON = "london", _("London")
    SOUTH_EAST = "south_east", _("South East")
    SOUTH_WEST = "south_west", _("South West")
    WALES = "wales", _("Wales")


class Video(models.Model):
    """A 'what it's like' video, served from this site with captions and a transcript."""

    # modeltranslation swaps in its own manager class at start-up; typed as the manager it extends.
    objects: ClassVar[models.Manager["Video"]]

    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("video file"), upload_to="videos/", validators=[FileExtensionValidator(["mp4", "webm"])])
    captions = models.FileField(
        _("captions (WebVTT)"), upload_to="videos/captions/", validators=[FileExtensionValidator(["vtt"])]
    )
    transcript = models.TextField(_("transcript"))

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")

    def __str__(self) -> str:
        return self.title


class AdvertText(models.Model):
    """The sections every advisor role advert has (the organisation's recruitment template)."""

    title = models.CharField(_("role title"), max_length=200)
    summary = models.TextField(_("what the role is"))
    duties = models.TextField(_("what you will do"))
    time_commitment = models.CharField(_("time commitment"), max_length=300)
    payment_rate = models.DecimalField(
        _("payment rate (£ per hour)"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)]
    )
    payment_method = models.CharField(_("how payment is made"), max_length=300)
    benefits_advice = models.TextField(
        _("benefits advice"),
        help_text=_("A note for people on benefits: payments can affect some benefits, and where to get advice."),
    )
    can_decline_payment = models.BooleanField(_("people may decline payment"), default=True)
    support_offered = models.TextField(_("support and reasonable adjustments"))
    who_we_welcome = models.TextField(_("who we especially welcome"))
    accessibility = models.TextField(_("venue and online accessibility"))
    video = models.ForeignKey(
        Video,
        verbose_name=_("'what it's like' video"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    ADVERT_FIELDS = (
        "title",
        "summary",
        "duties",
        "time_commitment",
        "payment_rate",
        "payment_method",
        "benefits_advice",
        "can_decline_payment",
        "support_offered",
        "who_we_welcome",
        "accessibility",
        "video",
    )

    class Meta:
        abstract = True


class RoleTemplate(AdvertText):
    # modeltranslation swaps in its own manager class at start-up; typed as the manager it extends.
    objects: ClassVar[models.Manager["RoleTemplate"]]

    name = models.CharField(_("template name"), max_length=200, unique=True)
    is_active = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("role template")
        verbose_name_plural = _("role templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Opportunity(AdvertText):
    """An advert made from a template. It keeps the text it was made with: later edits to the
    template do not change it."""

    # modeltranslation swaps in its own manager class at start-up; typed as the manager it extends.
    objects: ClassVar[models.Manager["Opportunity"]]

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        FILLED = "filled", _("Filled")

    template = models.ForeignKey(
        RoleTemplate, verbose_name=_("made from"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.CharField(_("team"), max_length=120)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    region = models.CharField(_("region"), max_length=32, choices=Region.choices)
    location = models.CharField(_("venue or place"), max_length=200, blank=True)
    closing_date = models.DateField(_("closing date"))
    places = models.PositiveIntegerField(_("number of places"), validators=[MinValueValidator(1)])
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    anonymised_screening = models.BooleanField(
        _("anonymised screening"),
        default=False,
        help_text=_("Reviewers do not see names or contact details until an application is shortlisted."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["closing_date", "title"]
        indexes = [models.Index(fields=["status", "closing_date"], name="recruitment_opp_listing")]

    def __str__(self) -> str:
        return f"{self.title} ({self.team})"


class Partner(models.Model):
    """An outreach partner: a community group or user-led network we share opportunities with."""

    class Kind(models.TextChoices):
        COMMUNITY_GROUP = "community_group", _("Community group")
        USER_LED = "user_led", _("User-led network")
        SERVICE = "service", _("Health or care service")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    communities = models.CharField(_("communities they work with"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("outreach partner")
        verbose_name_plural = _("outreach partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OutreachSend(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="outreach_sends")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("opportunity sent to a partner")
        verbose_name_plural = _("opportunities sent to partners")

    def __str__(self) -> str:
        return f"{self.opportunity} → {self.partner}"


class Channel(models.TextChoices):
    WEBSITE = "website", _("Our website")
    SOCIAL_MEDIA = "social_media", _("Social media")
    PARTNER = "partner", _("A community group or organisation we work with")
    WORD_OF_MOUTH = "word_of_mouth", _("Someone I know")
    SERVICE = "service", _("A mental health service")
    OTHER = "other", _("Somewhere else")


class Stage(models.TextChoices):
    RECEIVED = "received", _("Received")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    INTERVIEW = "interview", _("Interview")
    OFFERED = "offered", _("Offered")
    APPOINTED = "appointed", _("Appointed")
    NOT_PROGRESSED = "not_progressed", _("Not progressed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Stages at or past shortlisting reveal who the applicant is under anonymised screening.
IDENTIFIED_STAGES = frozenset({Stage.SHORTLISTED, Stage.INTERVIEW, Stage.OFFERED, Stage.APPOINTED})
CLOSED_STAGES = frozenset({Stage.APPOINTED, Stage.NOT_PROGRESSED, Stage.WITHDRAWN})


class Application(models.Model):
    class ContactMethod(models.TextChoices):
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")
        EITHER = "either", _("Either")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, db_index=True)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.RECEIVED, db_index=True)
    stage_changed_at = models.DateTimeField(_("stage changed at"), null=True, blank=True)
    # About you
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    contact_method = models.CharField(_("how to contact you"), max_length=16, choices=ContactMethod.choices, blank=True)
    # In your own words
    lived_experience = models.TextField(_("your lived experience"), max_length=10_000, blank=True)
    why_this_role = models.TextField(_("why this role"), max_length=10_000, blank=True)
    availability = models.TextField(_("availability"), max_length=2_000, blank=True)
    access_needs = models.TextField(_("access needs and adjustments"), max_length=5_000, blank=True)
    # How you heard about us
    channel = models.CharField(_("how you heard about us"), max_length=32, choices=Channel.choices, blank=True)
    partner = models.ForeignKey(
        Partner, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel_detail = models.CharField(_("where else"), max_length=200, blank=True)
    last_step = models.SlugField(_("last step saved"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "applicant"], name="recruitment_one_application_each")
        ]
        # The staff list reads the newest submitted applications a page at a time.
        indexes = [
            models.Index(
                fields=["-submitted_at", "-created_at"],
                name="recruitment_app_staff_list",
                condition=models.Q(submitted_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_draft(self) -> bool:
        return self.submitted_at is None

    @property
    def identity_hidden(self) -> bool:
        """Under anonymised screening, reviewers see who applied only from shortlisting on."""
        return self.opportunity.anonymised_screening and self.stage not in IDENTIFIED_STAGES


class StageChange(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=Stage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("why"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application} {self.from_stage} → {self.to_stage}"


class Note(models.Model):
    """A staff-only note on an application. Applicants never see these."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("note"), max_length=5_000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("staff note")
        verbose_name_plural = _("staff notes")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Note on {self.application}"


class Interview(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="interviews")
    starts_at = models.DateTimeField(_("date and time"))
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    place = models.CharField(_("place or joining link"), max_length=300, blank=True)
    adjustments = models.TextField(_("adjustments agreed"), max_length=2_000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"Interview for {self.application}"


class MessageTemplate(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("body"), help_text=_("You can use {name}, {opportunity} and {reference}; they are filled in for each person.")
    )

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Message(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message to an applicant")
        verbose_name_plural = _("messages to applicants")
        ordering = ["queued_at"]

    def __str__(self) -> str:
        return self.subject


class Involvement(models.Model):
    """An advisor: what 'involved' means in the reports."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="involvements")
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="involvement"
    )
    role = models.CharField(_("role"), max_length=200)
    team = models.CharField(_("team"), max_length=120)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        verbose_name = _("advisor involvement")
        verbose_name_plural = _("advisor involvements")
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return f"{self.role} ({self.team})"


class Guidance(models.Model):
    # modeltranslation swaps in its own manager class at start-up; typed as the manager it extends.
    objects: ClassVar[models.Manager["Guidance"]]

    class Audience(models.TextChoices):
        APPLICANTS = "applicants", _("Applicants (public)")
        STAFF = "staff", _("Recruiting managers (staff only)")

    slug = models.SlugField(_("web address name"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("for"), max_length=16, choices=Audience.choices)
    summary = models.CharField(_("summary"), max_length=300)
    body = models.TextField(_("body (Markdown)"))
    video = models.ForeignKey(Video, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    order = models.PositiveIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("guidance page")
        verbose_name_plural = _("guidance pages")
        ordering = ["audience", "order", "title"]

    def __str__(self) -> str:
        return self.title
