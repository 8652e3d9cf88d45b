"""Sending e-mail from tasks at most once per task run, whatever the retries."""

from typing import Any

from celery import current_task
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import SentEmail


def _task_id() -> str | None:
    request = getattr(current_task, "request", None) if current_task else None
    return getattr(request, "id", None)


def send_once(*, subject: str, message: str, recipient_list: list[str], part: str | int = "", **kwargs: Any) -> bool:
    """send_mail, unless this task run has already sent this e-mail (`part` tells apart the
    e-mails of a task that writes to several people). Returns whether it sent.

    The marker row is locked while the e-mail goes, so a second copy of the task waits and then
    finds it sent. If sending fails, the marker is rolled back and a retry sends it. Outside a task
    (a management command, a shell) there is nothing to retry and it simply sends."""
    # A line break in a subject is a header injection, which Django refuses (BadHeaderError, for
    # good): any text saved before single-line fields refused them is put on one line here.
    subject = " ".join(subject.split())
    task_id = _task_id()
    if task_id is None:
        send_mail(subject=subject, message=message, from_email=None, recipient_list=recipient_list, **kwargs)
        return True
    key = f"{task_id}:{part}" if part != "" else task_id
    with transaction.atomic():
        SentEmail.objects.get_or_create(key=key)
        marker = SentEmail.objects.select_for_update().get(key=key)
        if marker.sent_on is not None:
            return False
        send_mail(subject=subject, message=message, from_email=None, recipient_list=recipient_list, **kwargs)
        marker.sent_on = timezone.localdate()
        marker.save(update_fields=["sent_on"])
    return True
