"""Every e-mail task retries with backoff on transient errors (SMTP, database, broker) and keeps a
sent-marker, so a retry or a second delivery of the same task never sends the e-mail twice."""

from datetime import timedelta
from smtplib import SMTPServerDisconnected

import kombu.exceptions
import pytest
from django.core import mail
from django.db import OperationalError
from django.utils import timezone

from core.models import SentEmail
from core.tasks import EmailTask
from core.tests.mail_backends import FailingFirstEmailBackend
from mind_involve.celery import app
from recruitment import tasks as recruitment_tasks
from recruitment.tests.factories import submitted_application

EMAIL_TASKS = (
    "recruitment.tasks.application_confirmation_send",
    "recruitment.tasks.message_deliver",
    "recruitment.tasks.outreach_email_send",
    "workshops.tasks.invitation_send",
    "workshops.tasks.insight_answered_notify",
    "workshops.tasks.overdue_actions_remind",
    "demographics.tasks.withdrawal_confirmation_send",
    "demographics.tasks.invitation_email_send",
)


@pytest.mark.parametrize("name", EMAIL_TASKS)
def test_every_email_task_retries_transient_errors_with_backoff(name):
    app.loader.import_default_modules()
    task = app.tasks[name]
    assert isinstance(task, EmailTask), name
    for error in (SMTPServerDisconnected, ConnectionRefusedError, OperationalError, kombu.exceptions.OperationalError):
        assert issubclass(error, task.autoretry_for), (name, error)
    assert task.retry_backoff
    assert task.retry_jitter
    assert task.max_retries >= 5
    assert task.acks_late  # a worker lost mid-send hands the task on; the marker stops a double send


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = "core.tests.mail_backends.FailingFirstEmailBackend"
    FailingFirstEmailBackend.reset(failures=1)
    return FailingFirstEmailBackend


@pytest.mark.django_db
def test_a_failed_send_is_retried_and_the_email_goes_once(flaky_mail, celery_eager):
    application = submitted_application()
    mail.outbox.clear()
    result = recruitment_tasks.application_confirmation_send.apply((application.pk,), task_id="confirm-1", throw=False)
    assert result.successful()
    assert flaky_mail.attempts == 2
    assert [message.to for message in mail.outbox] == [[application.email]]
    # The broker hands the same task over again (a worker died before acknowledging it): no resend.
    recruitment_tasks.application_confirmation_send.apply((application.pk,), task_id="confirm-1", throw=False)
    assert len(mail.outbox) == 1
    assert SentEmail.objects.filter(key="confirm-1").count() == 1


@pytest.mark.django_db
def test_a_retry_of_a_task_that_mails_many_people_sends_only_to_those_not_yet_sent(
    flaky_mail, celery_eager, recruiting_staff
):
    from accounts.tests.factories import UserFactory
    from workshops import services
    from workshops import tasks as workshop_tasks
    from workshops.models import Participation
    from workshops.tests.factories import InsightFactory, make_meeting

    meeting = make_meeting(recruiting_staff, starts_at=timezone.now() - timedelta(days=2))
    people = [UserFactory() for _ in range(3)]
    services.participants_invite(meeting=meeting, people=people, actor=recruiting_staff)
    Participation.objects.update(attendance="attended")
    insight = InsightFactory(meeting=meeting, text="Evenings", anonymous=True)
    insight.response, insight.status = "We will", "will_act"
    insight.save()
    mail.outbox.clear()
    flaky_mail.reset(failures=0)
    # The second person's send fails once: the retry must not write to the first one again.
    original = flaky_mail.send_messages
    sent_to: list[str] = []

    def fail_second(self, messages):
        sent_to.extend(address for message in messages for address in message.to)
        if len(sent_to) == 2:
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return original(self, messages)

    flaky_mail.send_messages = fail_second
    try:
        workshop_tasks.insight_answered_notify.apply((insight.pk,), task_id="insight-1", throw=False)
    finally:
        flaky_mail.send_messages = original
    delivered = sorted(address for message in mail.outbox for address in message.to)
    assert delivered == sorted(person.email for person in people)


def test_a_subject_never_carries_a_line_break_into_the_headers():
    # A title saved before control characters were refused must not make the send fail for good.
    from core.mail import send_once

    send_once(subject="Workshop\r\nBcc: everyone@example.org", message="Hello", recipient_list=["a@example.org"])
    assert mail.outbox[-1].subject == "Workshop Bcc: everyone@example.org"
