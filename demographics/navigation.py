"""Equality monitoring's entries in the site menu (see core/navigation.py)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, nav_register, question_sets, staff, works_here

from . import selectors


def _has_equality_information(user: Any) -> bool:
    """Applicants always; staff and board members only once they have shared some."""
    if not user.is_authenticated:
        return False
    return not works_here(user) or selectors.consent_active(user=user) is not None


nav_register(
    NavItem(_("Equality information"), "demographics:start", _has_equality_information, position=60),
    NavItem(_("Invite to update"), "demographics:invite", staff, position=70),
    NavItem(_("Equality questions"), "demographics:question_sets", question_sets, position=100),
)
