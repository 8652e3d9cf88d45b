"""Erasers: what each app holds about a person and must erase with their account.

accounts sits below the apps that hold such data (equality answers, for one), so it cannot call
them. Each of those apps registers its eraser here in its AppConfig.ready(), and deleting an
account runs them all in the same transaction.
"""

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .models import User


class Eraser(Protocol):
    def __call__(self, *, user: "User") -> None: ...


_ERASERS: dict[str, Eraser] = {}


def eraser_register(*, name: str, eraser: Eraser) -> None:
    _ERASERS[name] = eraser


def erasers() -> dict[str, Eraser]:
    return dict(_ERASERS)
