"""Equality monitoring, stored pseudonymously.

No table here holds a user id, name, e-mail address or application id. Consent and answers are
keyed by ``subject_key``: an HMAC of the person's user id under DEMOGRAPHICS_PSEUDONYM_KEY, a key
that lives in the environment, so a database dump alone cannot link an answer to a person. Nor
can time or order: rows people write have random keys and no time finer than the day, events
are only counted per day, and a nightly job rewrites these tables in random order.
"""

import uuid
from typing import TYPE_CHECKING, ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager

SUBJECT_KEY_LENGTH = 64  # hex SHA-256


# The related managers of translated models are built by modeltranslation at start-up, which
# django-stubs cannot resolve; they are annotated by hand instead.
class QuestionSet(models.Model):  # type: ignore[django-manager-missing]
    questions: "RelatedManager[Question]"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    version = models.PositiveIntegerField(_("version"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    privacy_notice_version = models.CharField(
        _("privacy notice version"),
        max_length=32,
        help_text=_("The version of the privacy notice people agree to when they answer this set."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("question set")
        verbose_name_plural = _("question sets")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version}, {self.get_status_display().lower()})"


class Question(models.Model):  # type: ignore[django-manager-missing]
    # modeltranslation swaps in its own manager class at start-up; typed as the manager it extends.
    objects: ClassVar[models.Manager["Question"]]
    follow_ups: "RelatedManager[Question]"
    options: "RelatedManager[Option]"
    # The Welsh columns modeltranslation adds (demographics/translation.py).
    text_cy: str | None
    hint_cy: str | None
    warning_cy: str | None

    question_set = models.ForeignKey(
        QuestionSet, verbose_name=_("question set"), on_delete=models.CASCADE, related_name="questions"
    )
    key = models.SlugField(_("key"), max_length=64, help_text=_("Stable across versions, e.g. ethnic_group."))
    order = models.PositiveIntegerField(_("order"))
    text = models.CharField(_("question"), max_length=300)
    hint = models.TextField(_("hint"), blank=True)
    warning = models.TextField(
        _("warning"), blank=True, help_text=_("Shown before the question, e.g. before the sex and gender questions.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("follows"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        help_text=_("Asked only after this question has an answer other than 'Prefer not to say'."),
    )
    shown_if = models.ForeignKey(
        "Option",
        verbose_name=_("only if the answer was"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["question_set", "order"]
        constraints = [
            models.UniqueConstraint(fields=["question_set", "key"], name="demographics_question_key_unique"),
            models.UniqueConstraint(fields=["question_set", "order"], name="demographics_question_order_unique"),
        ]

    def __str__(self) -> str:
        return self.text


class Option(models.Model):
    # modeltranslation swaps in its own manager class at start-up; typed as the manager it extends.
    objects: ClassVar[models.Manager["Option"]]
    label_cy: str | None  # added by modeltranslation (demographics/translation.py)

    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="options")
    key = models.SlugField(_("key"), max_length=64)
    label = models.CharField(_("label"), max_length=200)
    order = models.PositiveIntegerField(_("order"))
    prefer_not_to_say = models.BooleanField(_("is 'Prefer not to say'"), default=False)
    allows_free_text = models.BooleanField(_("offers a free-text description"), default=False)
    group = models.ForeignKey(
        "self",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("For a second-step question: the first-step answer this option belongs under."),
    )

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["question", "order"]
        constraints = [models.UniqueConstraint(fields=["question", "key"], name="demographics_option_key_unique")]

    def __str__(self) -> str:
        return self.label


class Consent(models.Model):
    """The record of a person's consent. Withdrawal keeps this row and deletes every answer.

    A random key and dates, never times: a sequential id or a time of day would put the consent
    in order among everyone's sign-ins and applications, and so name the person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name="ID")
    subject_key = models.CharField(_("subject key"), max_length=SUBJECT_KEY_LENGTH, db_index=True)
    privacy_notice_version = models.CharField(_("privacy notice version"), max_length=32)
    purposes = models.JSONField(_("purposes"), default=list)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    # The options of the answers in force under this consent, as little-endian 32-bit ids in
    # ascending order (empty once withdrawn). A copy of the Answer rows, kept in step by the
    # services that write them, so that the report build reads one row per person rather than
    # every answer.
    answer_options = models.BinaryField(_("answer options"), default=b"", editable=False)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["subject_key"], condition=Q(withdrawn_on__isnull=True), name="demographics_one_active_consent"
            )
        ]

    def __str__(self) -> str:
        return f"Consent {self.pk}"


class Answer(models.Model):
    """One answer: an option (which may be 'Prefer not to say'). No row means not answered.
    A random key and no time at all, for the reason given on Consent."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name="ID")
    subject_key = models.CharField(_("subject key"), max_length=SUBJECT_KEY_LENGTH, db_index=True)
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers")
    question_key = models.SlugField(_("question key"), max_length=64)
    option = models.ForeignKey(Option, verbose_name=_("option"), on_delete=models.PROTECT, related_name="answers")
    free_text = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["subject_key", "question_key"], name="demographics_one_answer_per_question")
        ]
        indexes = [models.Index(fields=["question_key", "option"], name="demographics_answer_agg")]

    def __str__(self) -> str:
        return f"Answer {self.pk}"


class UsedInvitation(models.Model):
    """Invitation links are signed and carry their own expiry; this only makes each one-off.
    It holds a hash of the link's random part, never who it was for, and only the day of use."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name="ID")
    nonce_hash = models.CharField(_("nonce hash"), max_length=64, unique=True)
    used_on = models.DateField(_("used on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("used invitation")
        verbose_name_plural = _("used invitations")

    def __str__(self) -> str:
        return f"Used invitation {self.pk}"


class EventCount(models.Model):
    """How many equality events of each kind happened on a day. This replaces one audit row per
    event: in the shared audit log each row sat in order among everyone's other events (an
    answer just after one person's application), and kept which questions a person answered."""

    class Kind(models.TextChoices):
        CONSENT_GIVEN = "consent_given", _("Consent given")
        ANSWER_GIVEN = "answer_given", _("Answer given")
        ANSWER_CHANGED = "answer_changed", _("Answer changed or cleared")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn, answers deleted")
        DATA_ERASED = "data_erased", _("Equality data erased with an account")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name="ID")
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind of event"), max_length=32, choices=Kind.choices)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("equality event count")
        verbose_name_plural = _("equality event counts")
        ordering = ["-day", "kind"]
        constraints = [models.UniqueConstraint(fields=["day", "kind"], name="demographics_one_count_a_day")]

    def __str__(self) -> str:
        return f"{self.day}: {self.get_kind_display()} x{self.count}"
