import hashlib
import hmac

import pytest

from core.hmacs import hmac_sha256_each

MESSAGES = [b"", b"user:1", b"record:123456789", b"x" * 200]


@pytest.mark.parametrize("key", [b"", b"short", b"k" * 64, b"bench-" + b"long" * 40])
def test_each_digest_is_the_standard_hmac(key):
    expected = [hmac.new(key, message, hashlib.sha256).digest() for message in MESSAGES]
    assert hmac_sha256_each(key, MESSAGES) == expected


def test_different_keys_give_different_digests():
    assert hmac_sha256_each(b"one", [b"user:1"]) != hmac_sha256_each(b"two", [b"user:1"])
