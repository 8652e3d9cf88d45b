"""The site menu. Each app lists its own entries in its `navigation.py`, found at start-up the way
admin finds `admin.py`, so core (the base layer) knows no app. `position` keeps the menu order."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from core.permissions import CLAIMS_APPROVE_AND_PAY, DASHBOARD_VIEW, QUESTION_SET_CHANGE, STAFF_AREA


class AnyUser(Protocol):
    """A signed-in person or an anonymous visitor: all the menu asks of either."""

    @property
    def is_authenticated(self) -> bool: ...

    def has_perm(self, perm: str, obj: Any = None) -> bool: ...


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    shown_to: Callable[[AnyUser], bool]
    position: int


_REGISTRY: dict[str, NavItem] = {}


def nav_register(*items: NavItem) -> None:
    for item in items:
        _REGISTRY[item.url_name] = item


def nav_items() -> list[NavItem]:
    return sorted(_REGISTRY.values(), key=lambda item: item.position)


def nav_autodiscover() -> None:
    autodiscover_modules("navigation")


# Who sees what: the predicates the apps' entries share.
def signed_in(user: AnyUser) -> bool:
    return user.is_authenticated


def staff(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm(STAFF_AREA)


def dashboard(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm(DASHBOARD_VIEW)


def finance(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm(CLAIMS_APPROVE_AND_PAY)


def works_here(user: AnyUser) -> bool:
    return staff(user) or dashboard(user)


def question_sets(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm(QUESTION_SET_CHANGE)


def admin_site(user: AnyUser) -> bool:
    return user.is_authenticated and bool(getattr(user, "is_staff", False))


def everyone(user: AnyUser) -> bool:
    return True


nav_register(NavItem(_("Admin"), "admin:index", admin_site, position=110))
