from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """Who did what to personal data, and when. Never holds special-category values."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for the system, or where naming the person would link them to their equality data."),
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("target type"), max_length=64, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class SentEmail(models.Model):
    """A sent-marker: the e-mail that a task run (and a part of it, for a task that writes to
    several people) has sent. A retry, or the broker handing the same task over twice, finds it
    and sends nothing. The key is the task's random id, so the row names no one; only the day is
    kept, for pruning."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("sent e-mail marker")
        verbose_name_plural = _("sent e-mail markers")

    def __str__(self) -> str:
        return self.key
