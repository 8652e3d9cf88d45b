from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from cryptography.fernet import InvalidToken
from django.contrib.auth.models import Group
from django.db import transaction

from core.audit import audit_record

from .crypto import second_factor_cipher
from .erasure import erasers
from .models import User
from .roles import Role

# Where allauth keeps the secret part of each kind of authenticator.
SECRET_FIELDS = {Authenticator.Type.TOTP: ["secret"], Authenticator.Type.RECOVERY_CODES: ["seed"]}


class SecondFactorUnreadableError(Exception):
    """Some stored second factors decrypt under none of the keys in MFA_ENCRYPTION_KEY."""


# Roles that bring admin access: Administrators run the whole site through Django admin (admin
# itself still shows no one's equality answers); the Equality lead manages question sets and
# benchmarks there.
ADMIN_ROLES = (Role.ADMINISTRATOR, Role.EQUALITY_LEAD)


@transaction.atomic
def user_add_role(*, user: User, role: Role, actor: User | None = None) -> User:
    """Gives a role, and the admin access it brings. Given by someone in admin (`actor`), it is
    audited; the role a sign-up gives itself is not."""
    user.groups.add(Group.objects.get(name=role))
    return _role_changed(
        user=user,
        role=role,
        actor=actor,
        action="role_given",
        is_staff=user.is_staff or role in ADMIN_ROLES,
        is_superuser=user.is_superuser or role == Role.ADMINISTRATOR,
    )


@transaction.atomic
def user_remove_role(*, user: User, role: Role, actor: User | None = None) -> User:
    """Takes a role away, and with it the admin access it brought: an Administrator stops being a
    superuser, and leaves admin unless they are still an Equality lead; an Equality lead leaves
    admin unless they are still a superuser."""
    user.groups.remove(Group.objects.get(name=role))
    still_lead = user.groups.filter(name=Role.EQUALITY_LEAD).exists()
    is_superuser = user.is_superuser and role != Role.ADMINISTRATOR
    return _role_changed(
        user=user,
        role=role,
        actor=actor,
        action="role_removed",
        is_staff=user.is_staff and (role not in ADMIN_ROLES or is_superuser or still_lead),
        is_superuser=is_superuser,
    )


def _role_changed(
    *, user: User, role: Role, actor: User | None, action: str, is_staff: bool, is_superuser: bool
) -> User:
    if (user.is_staff, user.is_superuser) != (is_staff, is_superuser):
        user.is_staff, user.is_superuser = is_staff, is_superuser
        user.save(update_fields=["is_staff", "is_superuser"])
    if actor is not None:
        audit_record(action=action, actor=actor, target_type="user", target_id=user.pk, detail={"role": role})
    return user


@transaction.atomic
def user_update(*, user: User, name: str) -> User:
    user.name = name.strip()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["name"])
    return user


@transaction.atomic
def user_language_set(*, user: User, language: str) -> User:
    """The language the person chose: the site's e-mails to them are written in it."""
    if user.language != language:
        user.language = language
        user.full_clean(exclude=["password"])
        user.save(update_fields=["language"])
    return user


@transaction.atomic
def user_create(
    *,
    email: str,
    name: str,
    roles: tuple[Role, ...] = (),
    password: str | None = None,
    email_verified: bool = False,
) -> User:
    user = User.objects.create_user(email=email, password=password, name=name)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    for role in roles:
        user_add_role(user=user, role=role)
    return user


@transaction.atomic
def user_delete(*, user: User, actor: User | None = None) -> None:
    """Deletes the account and everything held about the person: each app that holds something
    (equality answers, for one) has registered an eraser."""
    for eraser in erasers().values():
        eraser(user=user)
    user_id = user.pk
    user.delete()
    # Self-deletion names no actor: the account is gone, and the id alone is enough to trace.
    audit_record(action="account_deleted", actor=actor, target_type="user", target_id=user_id)


@transaction.atomic
def second_factors_rotate() -> dict[str, int]:
    """Re-encrypts every stored second factor under the first key of MFA_ENCRYPTION_KEY. All or
    nothing: if any secret decrypts under none of the keys, nothing is changed."""
    cipher = second_factor_cipher()
    updates = {}
    unreadable = 0
    for authenticator in Authenticator.objects.select_for_update().filter(type__in=list(SECRET_FIELDS)):
        data = dict(authenticator.data)
        try:
            for field in SECRET_FIELDS[authenticator.type]:
                data[field] = cipher.rotate(data[field].encode()).decode()
            if isinstance(data.get("migrated_codes"), list):
                data["migrated_codes"] = [cipher.rotate(code.encode()).decode() for code in data["migrated_codes"]]
        except InvalidToken:
            unreadable += 1
            continue
        updates[authenticator.pk] = data
    if unreadable:
        raise SecondFactorUnreadableError(unreadable)
    for pk, data in updates.items():
        Authenticator.objects.filter(pk=pk).update(data=data)
    result = {"authenticators": len(updates)}
    audit_record(action="mfa_key_rotated", detail=result)
    return result
