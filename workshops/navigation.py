"""Meetings' entries in the site menu (see core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, finance, nav_register, signed_in

nav_register(
    NavItem(_("Meetings"), "workshops:list", signed_in, position=40),
    NavItem(_("Payments"), "workshops:payments", finance, position=80),
)
