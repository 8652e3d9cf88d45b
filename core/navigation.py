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


def _staff(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm("accounts.use_staff_area")


def _dashboard(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm("accounts.view_diversity_dashboard")


def _finance(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm("workshops.approve_and_pay_claims")


def _admin_site(user: AnyUser) -> bool:
    return user.is_authenticated and user.is_staff


def _everyone(user: AnyUser) -> bool:
    return True


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem(_("Opportunities"), "recruitment:listing", _everyone),
    NavItem(_("Your applications"), "recruitment:my_applications", _signed_in),
    NavItem(_("Recruitment"), "recruitment:staff_opportunities", _staff),
    NavItem(_("Meetings"), "workshops:list", _signed_in),
    NavItem(_("Your account"), "accounts:profile", _signed_in),
    NavItem(_("Equality information"), "demographics:start", _signed_in),
    NavItem(_("Invite to update"), "demographics:invite", _staff),
    NavItem(_("Payments"), "workshops:payments", _finance),
    NavItem(_("Diversity dashboard"), "reports:dashboard", _dashboard),
    NavItem(_("Admin"), "admin:index", _admin_site),
)
