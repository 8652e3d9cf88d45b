from datetime import timedelta

import pytest
import time_machine
from cryptography.fernet import InvalidToken
from django.utils import timezone

from core.sealed import HIDDEN, enqueue_sealed, seal, unseal


def test_a_sealed_id_is_opaque_and_opens_again():
    token = seal(987654321)
    assert "987654321" not in token
    assert seal(987654321) != token
    assert unseal(token) == 987654321


def test_a_sealed_id_is_bound_to_the_secret_key_and_expires(settings):
    token = seal(42)
    with time_machine.travel(timezone.now() + timedelta(days=8)), pytest.raises(InvalidToken):
        unseal(token)
    settings.SECRET_KEY = "another-secret-key-entirely-0123456789abcdef"
    with pytest.raises(InvalidToken):
        unseal(token)


def test_enqueued_arguments_are_hidden_from_the_worker_logs():
    sent = {}

    class Task:
        def apply_async(self, **options):
            sent.update(options)

    enqueue_sealed(Task(), 42, "https://example.org/")
    assert sent["argsrepr"] == sent["kwargsrepr"] == HIDDEN
    assert unseal(sent["args"][0]) == 42
    assert sent["args"][1:] == ["https://example.org/"]
