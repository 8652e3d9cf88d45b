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


@transaction.atomic
def user_add_role(*, user: User, role: Role, actor: User | None = None) -> User:
    """Gives a role. Given by someone in admin (`actor`), it is audited; the role a sign-up
    gives itself is not."""
    user.groups.add(Group.objects.get(name=role))
    if role == Role.ADMINISTRATOR and not (user.is_staff and user.is_superuser):
        # Administrators run the whole site through Django admin, including every later app's
        # models; admin itself still shows no one's equality answers.
        user.is_staff = True
        user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    elif role == Role.EQUALITY_LEAD and not user.is_staff:
        # The Equality lead manages question sets (and later benchmarks) in admin.
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if actor is not None:
        audit_record(action="role_given", actor=actor, target_type="user", target_id=user.pk, detail={"role": role})
    return user


@transaction.atomic
def user_remove_role(*, user: User, role: Role, actor: User | None = None) -> User:
    """Takes a role away, and with it the admin access it brought: an Administrator stops being a
    superuser, and leaves admin unless they are still an Equality lead; an Equality lead leaves
    admin unless they are still a superuser."""
    user.groups.remove(Group.objects.get(name=role))
    roles = set(user.groups.values_list("name", flat=True))
    if role == Role.ADMINISTRATOR:
        user.is_superuser = False
        user.is_staff = Role.EQUALITY_LEAD in roles
        user.save(update_fields=["is_staff", "is_superuser"])
    elif role == Role.EQUALITY_LEAD and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    if actor is not None:
        audit_record(action="role_removed", actor=actor, target_type="user", target_id=user.pk, detail={"role": role})
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
