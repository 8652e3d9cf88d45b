"""The navigation each role sees. Each later feature adds its entries here."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.permissions import CLAIMS_APPROVE_AND_PAY, DASHBOARD_VIEW, QUESTION_SET_CHANGE, STAFF_AREA
from demographics import selectors as demographic_selectors
from recruitment import selectors as recruitment_selectors

AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    shown_to: Callable[[AnyUser], bool]


def _signed_in(user: AnyUser) -> bool:
    return user.is_authenticated


def _staff(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm(STAFF_AREA)


def _dashboard(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm(DASHBOARD_VIEW)


def _finance(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm(CLAIMS_APPROVE_AND_PAY)


def _works_here(user: AnyUser) -> bool:
    return _staff(user) or _dashboard(user)


def _has_applications(user: AnyUser) -> bool:
    """Applicants always; staff and board members only once they have applied for something."""
    if not user.is_authenticated:
        return False
    return not _works_here(user) or recruitment_selectors.applications_own(user=user).exists()


def _has_equality_information(user: AnyUser) -> bool:
    """Applicants always; staff and board members only once they have shared some."""
    if not user.is_authenticated:
        return False
    return not _works_here(user) or demographic_selectors.consent_active(user=user) is not None


def _question_sets(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm(QUESTION_SET_CHANGE)


def _admin_site(user: AnyUser) -> bool:
    return user.is_authenticated and user.is_staff


def _everyone(user: AnyUser) -> bool:
    return True


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem(_("Opportunities"), "recruitment:listing", _everyone),
    NavItem(_("Your applications"), "recruitment:my_applications", _has_applications),
    NavItem(_("Recruitment"), "recruitment:staff_opportunities", _staff),
    NavItem(_("Meetings"), "workshops:list", _signed_in),
    NavItem(_("Your account"), "accounts:profile", _signed_in),
    NavItem(_("Equality information"), "demographics:start", _has_equality_information),
    NavItem(_("Invite to update"), "demographics:invite", _staff),
    NavItem(_("Payments"), "workshops:payments", _finance),
    NavItem(_("Diversity dashboard"), "reports:dashboard", _dashboard),
    NavItem(_("Equality questions"), "demographics:question_sets", _question_sets),
    NavItem(_("Admin"), "admin:index", _admin_site),
)
