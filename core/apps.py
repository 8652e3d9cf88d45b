from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Registers the configuration checks; no database access here.
        from . import checks  # noqa: F401
        from .forms import single_line_rule_install
        from .navigation import nav_autodiscover

        single_line_rule_install()
        # Imports each app's navigation.py, which lists its menu entries; no database access.
        nav_autodiscover()
