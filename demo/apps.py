from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data for `make run` and the browser journeys. It sits above every other app because it
    fills them all, through their services; nothing imports it."""

    name = "demo"
    verbose_name = _("Demo data")
