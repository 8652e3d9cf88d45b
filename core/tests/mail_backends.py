"""E-mail backends for tests that need sending to fail the way SMTP fails."""

import threading
from smtplib import SMTPServerDisconnected

from django.core.mail.backends.locmem import EmailBackend


class FailingFirstEmailBackend(EmailBackend):
    """Loses the connection on the first `failures` messages, then delivers to mail.outbox like
    the test backend. Shared by the test and a worker thread in the same process."""

    failures = 1
    attempts = 0
    lock = threading.Lock()

    @classmethod
    def reset(cls, failures: int = 1) -> None:
        with cls.lock:
            cls.failures, cls.attempts = failures, 0

    def send_messages(self, messages: list) -> int:
        with self.lock:
            type(self).attempts += 1
            failing = type(self).attempts <= self.failures
        if failing:
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
