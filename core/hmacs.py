"""HMAC-SHA256 of many short messages under one key, for the report build's keyed hashes of
every person (a subject key and a record key each).

The digests are exactly hmac.new(key, message, hashlib.sha256).digest(): this is the RFC 2104
construction, with the key's inner and outer hash states made once and copied per message.
hmac.HMAC.copy() does the same but builds a Python object for each copy, which at 100,000
people costs more than the hashing (0.07 s against 0.04 s for 46,667 people on the bench
machine)."""

import hashlib
from collections.abc import Iterable

BLOCK_SIZE = 64  # SHA-256's block, in bytes


def hmac_sha256_each(key: bytes, messages: Iterable[bytes]) -> list[bytes]:
    if len(key) > BLOCK_SIZE:
        key = hashlib.sha256(key).digest()
    key = key.ljust(BLOCK_SIZE, b"\0")
    inner = hashlib.sha256(bytes(byte ^ 0x36 for byte in key))
    outer = hashlib.sha256(bytes(byte ^ 0x5C for byte in key))
    digests = []
    for message in messages:
        inner_copy = inner.copy()
        inner_copy.update(message)
        outer_copy = outer.copy()
        outer_copy.update(inner_copy.digest())
        digests.append(outer_copy.digest())
    return digests
