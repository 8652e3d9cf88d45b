from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Q
from django.db.models.expressions import RawSQL

from core.sql import model_columns

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


def _mfa_columns() -> dict[str, RawSQL]:
    """`needs_mfa` and `has_totp` as plain SQL beside the user's row. The same rules as
    _requires_mfa and _has_totp (a test holds them equal), written out once because the ORM
    would otherwise compile both subqueries again on every request."""
    user = connection.ops.quote_name(User._meta.db_table)
    groups = User.groups.through._meta.db_table
    permissions = User.user_permissions.through._meta.db_table
    group = Group._meta.db_table
    authenticator = Authenticator._meta.db_table
    # Table names come from the models; the values go as parameters.
    needs_mfa = (
        f"({user}.is_staff OR {user}.is_superuser"  # noqa: S608
        f" OR EXISTS (SELECT 1 FROM {groups} m JOIN {group} g ON g.id = m.group_id"
        f" WHERE m.user_id = {user}.id AND g.name <> %s)"
        f" OR EXISTS (SELECT 1 FROM {permissions} p WHERE p.user_id = {user}.id))"
    )
    has_totp = f"EXISTS (SELECT 1 FROM {authenticator} a WHERE a.user_id = {user}.id AND a.type = %s)"  # noqa: S608
    return {
        "needs_mfa": RawSQL(needs_mfa, [Role.APPLICANT.value], output_field=BooleanField()),  # noqa: S611
        "has_totp": RawSQL(has_totp, [Authenticator.Type.TOTP.value], output_field=BooleanField()),  # noqa: S611
    }


def user_for_request(*, user_id: str | int) -> User | None:
    """The signed-in person, with `needs_mfa` and `has_totp` worked out in the same query. It runs
    on every request, so it is written as one raw query: the ORM would compile it afresh each time,
    which costs more than running it."""
    try:
        pk = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    columns = _mfa_columns()
    user = connection.ops.quote_name(User._meta.db_table)
    sql = (
        f"SELECT {model_columns(User)}, {columns['needs_mfa'].sql} AS needs_mfa, {columns['has_totp'].sql} AS has_totp"  # noqa: S608
        f" FROM {user} WHERE {user}.id = %s"
    )
    params = [*columns["needs_mfa"].params, *columns["has_totp"].params, pk]
    return next(iter(User.objects.raw(sql, params)), None)


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


def equality_lead_emails() -> list[str]:
    """Where news of a failed report build goes: the people who look after the reports."""
    return list(User.objects.filter(groups__name=Role.EQUALITY_LEAD, is_active=True).values_list("email", flat=True))
