"""Partial updates with explicit keywords: a service names every field it may change, each
defaulting to KEEP, so a misspelt keyword is a TypeError and a field left out keeps its value."""

import enum
from typing import Any


class Keep(enum.Enum):
    KEEP = "keep"


KEEP = Keep.KEEP


def given(changes: dict[str, Any]) -> dict[str, Any]:
    """The changes the caller gave: those not left at KEEP."""
    return {name: value for name, value in changes.items() if value is not KEEP}
