"""A person's answer options packed into bytes, as Consent.answer_options holds them: 32-bit
little-endian option ids in ascending order. numpy reads a whole population's packed options
in one call, which is what makes the report build scale with people rather than answers."""

from collections.abc import Iterable

import numpy as np

OPTION_ID = np.dtype("<i4")


def options_pack(option_ids: Iterable[int]) -> bytes:
    return np.asarray(sorted(option_ids), dtype=OPTION_ID).tobytes()


def options_unpack(packed: bytes) -> list[int]:
    return np.frombuffer(packed, dtype=OPTION_ID).tolist()
