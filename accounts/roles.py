from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Each role is a permission Group of the same name, created by a data migration."""

    APPLICANT = "Applicant", _("Applicant")
    RECRUITING_STAFF = "Recruiting staff", _("Recruiting staff")
    BOARD_MEMBER = "Board member", _("Board member")
    EQUALITY_LEAD = "Equality lead", _("Equality lead")
    ADMINISTRATOR = "Administrator", _("Administrator")
