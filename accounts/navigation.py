"""Accounts' entry in the site menu (see core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, nav_register, signed_in

nav_register(NavItem(_("Your account"), "accounts:profile", signed_in, position=50))
