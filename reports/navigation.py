"""Reports' entry in the site menu (see core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, dashboard, nav_register

nav_register(NavItem(_("Diversity dashboard"), "reports:dashboard", dashboard, position=90))
