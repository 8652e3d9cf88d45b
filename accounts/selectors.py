from allauth.mfa.models import Authenticator
from django.conf import settings

from .models import User
from .roles import Role


def mfa_is_enforced() -> bool:
    # Production always enforces it; MFA_REQUIRED=false only counts on a DEBUG site.
    return settings.MFA_REQUIRED or not settings.DEBUG


def user_requires_mfa(*, user: User) -> bool:
    """Everyone but a plain applicant holds a role that can reach other people's data."""
    if user.is_staff or user.is_superuser:
        return True
    return user.groups.exclude(name=Role.APPLICANT).exists()


def user_has_totp(*, user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def user_role_names(*, user: User) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


# Where each role's work is. A person with several roles lands on the first of theirs here.
LANDING_URL_NAMES: tuple[tuple[Role, str], ...] = (
    (Role.RECRUITING_STAFF, "recruitment:staff_applications"),
    (Role.EQUALITY_LEAD, "reports:dashboard"),
    (Role.BOARD_MEMBER, "reports:dashboard"),
    (Role.ADMINISTRATOR, "admin:index"),
    (Role.APPLICANT, "recruitment:my_applications"),
)


def user_landing_url_name(*, user: User) -> str:
    """The page a person is sent to after signing in, unless they asked for another."""
    roles = set(user.groups.values_list("name", flat=True))
    for role, url_name in LANDING_URL_NAMES:
        if role in roles:
            return url_name
    return "accounts:profile"
