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
    # A permission given to the person directly (Finance, say) reaches other people's data too.
    return user.groups.exclude(name=Role.APPLICANT).exists() or user.user_permissions.exists()


def user_has_totp(*, user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def user_role_names(*, user: User) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))
