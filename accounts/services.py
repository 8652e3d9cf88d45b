from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from .models import User
from .roles import Role


@transaction.atomic
def user_add_role(*, user: User, role: Role) -> User:
    user.groups.add(Group.objects.get(name=role))
    if role == Role.ADMINISTRATOR and not (user.is_staff and user.is_superuser):
        # Administrators run the whole site through Django admin, including every later app's
        # models; admin itself still shows no one's equality answers.
        user.is_staff = True
        user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return user


@transaction.atomic
def user_update(*, user: User, name: str) -> User:
    user.name = name.strip()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["name"])
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
