"""Opaque task arguments for tasks about a person's equality data.

The person's id travels sealed (encrypted, with a time limit, never just signed), and the task
is enqueued with its arguments left out of the worker's log lines. So neither a log line nor the
broker's copy of the message (which Redis persistence writes to disk) puts a user id beside an
equality event such as a withdrawal.
"""

import base64

from celery import Task
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

MAX_AGE_SECONDS = 7 * 24 * 3600
HIDDEN = "(hidden)"


def _fernet() -> Fernet:
    # A key of its own, derived from SECRET_KEY for this one purpose.
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"mind-involve sealed task arguments")
    return Fernet(base64.urlsafe_b64encode(key.derive(settings.SECRET_KEY.encode())))


def seal(person_id: int) -> str:
    return _fernet().encrypt(str(person_id).encode()).decode()


def unseal(token: str) -> int:
    return int(_fernet().decrypt(token.encode(), ttl=MAX_AGE_SECONDS))


def enqueue_sealed(task: Task, person_id: int, *args: object) -> None:
    """Enqueues task(sealed person id, *args); the worker logs "(hidden)" for its arguments."""
    # argsrepr and kwargsrepr are Celery's (since 4.0), missing from celery-types.
    task.apply_async(args=[seal(person_id), *args], argsrepr=HIDDEN, kwargsrepr=HIDDEN)  # type: ignore[call-arg, arg-type]
