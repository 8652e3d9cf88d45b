"""Demo data for the embedded default and for benchmarks. Each app adds its part as it grows."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from faker import Faker

from accounts import services as account_services
from accounts.models import User
from accounts.roles import Role

DEMO_ACCOUNTS: tuple[tuple[str, str, Role], ...] = (
    ("admin@example.org", "Alex Admin", Role.ADMINISTRATOR),
    ("staff@example.org", "Sam Staff", Role.RECRUITING_STAFF),
    ("board@example.org", "Bola Board", Role.BOARD_MEMBER),
    ("equality@example.org", "Priya Equality", Role.EQUALITY_LEAD),
    ("applicant@example.org", "Ade Applicant", Role.APPLICANT),
)
PERSON_EMAIL = "person{:06d}@example.org"


@dataclass
class SeedResult:
    accounts_created: int
    passwords_reset: int
    people_created: int


@transaction.atomic
def demo_seed(*, password: str, reset_passwords: bool, people: int) -> SeedResult:
    created = reset = 0
    for email, name, role in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            account_services.user_create(email=email, name=name, roles=(role,), password=password, email_verified=True)
            created += 1
        elif reset_passwords:
            user.set_password(password)
            user.save(update_fields=["password"])
            reset += 1
    return SeedResult(created, reset, _seed_people(people))


def _seed_people(count: int) -> int:
    """Applicant accounts in bulk; ids are stable, so running again adds only the missing ones."""
    wanted = [PERSON_EMAIL.format(i) for i in range(count)]
    existing = set(User.objects.filter(email__in=wanted).values_list("email", flat=True))
    missing = [email for email in wanted if email not in existing]
    if not missing:
        return 0
    fake = Faker("en_GB")
    Faker.seed(len(existing))
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [User(email=email, name=fake.name(), password=unusable) for email in missing], batch_size=5000
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, primary=True, verified=True) for user in users], batch_size=5000
    )
    applicant = Group.objects.get(name=Role.APPLICANT)
    membership = User.groups.through
    membership.objects.bulk_create(
        [membership(user_id=user.pk, group_id=applicant.pk) for user in users], batch_size=5000
    )
    return len(users)
