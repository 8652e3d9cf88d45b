from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from .models import User
from .roles import Role


def mfa_is_enforced() -> bool:
    # Production always enforces it; MFA_REQUIRED=false only counts on a DEBUG site.
    return settings.MFA_REQUIRED or not settings.DEBUG


def _requires_mfa() -> Q | Exists:
    """Everyone but a plain applicant holds a role that can reach other people's data; so does
    anyone given a permission directly (Finance, say)."""
    roles = User.groups.through.objects.filter(user_id=OuterRef("pk")).exclude(group__name=Role.APPLICANT)
    permissions = User.user_permissions.through.objects.filter(user_id=OuterRef("pk"))
    return Q(is_staff=True) | Q(is_superuser=True) | Exists(roles) | Exists(permissions)


def _has_totp() -> Exists:
    return Exists(Authenticator.objects.filter(user_id=OuterRef("pk"), type=Authenticator.Type.TOTP))


def user_for_request(*, user_id: object) -> User | None:
    """The signed-in person, with `needs_mfa` and `has_totp` worked out in the same query."""
    return (
        User.objects.annotate(
            needs_mfa=ExpressionWrapper(_requires_mfa(), output_field=BooleanField()),
            has_totp=ExpressionWrapper(_has_totp(), output_field=BooleanField()),
        )
        .filter(pk=user_id)
        .first()
    )


def user_requires_mfa(*, user: User) -> bool:
    loaded = getattr(user, "needs_mfa", None)
    if loaded is not None:
        return bool(loaded)
    return User.objects.filter(pk=user.pk).filter(_requires_mfa()).exists()


def user_has_totp(*, user: User) -> bool:
    loaded = getattr(user, "has_totp", None)
    if loaded is not None:
        return bool(loaded)
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def user_role_names(*, user: User) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))
