"""Recruitment's entries in the site menu (see core/navigation.py)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, everyone, nav_register, staff, works_here

from . import selectors


def _has_applications(user: Any) -> bool:
    """Applicants always; staff and board members only once they have applied for something."""
    if not user.is_authenticated:
        return False
    return not works_here(user) or selectors.applications_own(user=user).exists()


nav_register(
    NavItem(_("Opportunities"), "recruitment:listing", everyone, position=10),
    NavItem(_("Your applications"), "recruitment:my_applications", _has_applications, position=20),
    NavItem(_("Recruitment"), "recruitment:staff_opportunities", staff, position=30),
)
