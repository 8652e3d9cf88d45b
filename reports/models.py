from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class BenchmarkSet(models.Model):
    """The population a dimension is compared with, e.g. Census 2021 England and Wales by ethnic group."""

    name = models.CharField(_("name"), max_length=200)
    dimension = models.SlugField(
        _("question key"), max_length=64, help_text=_("The question it matches, e.g. ethnic_group.")
    )
    source = models.TextField(_("source"))
    as_of = models.DateField(_("figures as of"))
    is_default = models.BooleanField(_("use in reports"), default=True)
    derived_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("weighted from")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("benchmark set")
        verbose_name_plural = _("benchmark sets")
        ordering = ["dimension", "-as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension"], condition=models.Q(is_default=True), name="reports_one_default_benchmark"
            )
        ]

    def __str__(self) -> str:
        return self.name


class BenchmarkShare(models.Model):
    benchmark = models.ForeignKey(BenchmarkSet, on_delete=models.CASCADE, related_name="shares")
    category = models.SlugField(_("answer key"), max_length=64)
    percent = models.DecimalField(
        _("share (%)"), max_digits=6, decimal_places=3, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("benchmark share")
        verbose_name_plural = _("benchmark shares")
        constraints = [models.UniqueConstraint(fields=["benchmark", "category"], name="reports_one_share_per_category")]

    def __str__(self) -> str:
        return f"{self.category}: {self.percent}%"


class ReportSnapshot(models.Model):
    """One build of the diversity-progress report. It holds only published figures (recoded,
    perturbed, thresholded) and never changes once done; building again makes a new snapshot."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    period = models.CharField(_("period"), max_length=8, help_text=_("A quarter, e.g. 2026Q3."))
    scope = models.CharField(_("team"), max_length=120, blank=True, help_text=_("Empty for the whole organisation."))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(_("why it failed"), blank=True)
    data = models.JSONField(_("aggregates"), default=dict, blank=True)
    # The board's PDF, drawn on first request from `data` and kept: a snapshot never changes.
    pdf = models.BinaryField(_("PDF"), blank=True, default=b"", editable=False)
    min_cell = models.PositiveSmallIntegerField(_("smallest published group"))
    min_breakdown = models.PositiveSmallIntegerField(_("smallest published breakdown"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report snapshot")
        verbose_name_plural = _("report snapshots")
        ordering = ["-created_at"]
        permissions = [("build_report", _("Can build a diversity report"))]

    def __str__(self) -> str:
        return f"{self.period} {self.scope or 'organisation'} ({self.get_status_display()})"
