from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemographicsConfig(AppConfig):
    name = "demographics"
    verbose_name = _("Equality monitoring")

    def ready(self) -> None:
        from accounts.erasure import eraser_register

        from .services import subject_erase

        # A deleted account takes its equality answers and consents with it.
        eraser_register(name="demographics", eraser=subject_erase)
