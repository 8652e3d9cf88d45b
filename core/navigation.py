"""The navigation each role sees. Each later feature adds its entries here."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User

AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    shown_to: Callable[[AnyUser], bool]


def _signed_in(user: AnyUser) -> bool:
    return user.is_authenticated


def _administrator(user: AnyUser) -> bool:
    return user.is_authenticated and user.is_staff


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem(_("Your account"), "accounts:profile", _signed_in),
    NavItem(_("Admin"), "admin:index", _administrator),
)
