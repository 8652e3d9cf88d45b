import factory
from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from accounts import services
from accounts.models import User
from accounts.roles import Role

TEST_PASSWORD = "a-long-test-passphrase-42"
ANONYMOUS = "anonymous"
# Everyone the access tests speak for: a visitor who is not signed in, then each role.
ROLES: tuple[str, ...] = (ANONYMOUS, *Role.values)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.net")
    name = factory.Faker("name", locale="en_GB")
    # Applicants have no password: they sign in by e-mailed code. Staff are given one, and with_totp=True.
    password = factory.django.Password(None)

    @factory.post_generation
    def verified_email(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)

    @factory.post_generation
    def roles(self, create: bool, extracted: tuple[Role, ...] | None, **kwargs: object) -> None:
        for role in extracted or ():
            services.user_add_role(user=self, role=role)

    @factory.post_generation
    def with_totp(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted:
            TOTP.activate(self, generate_totp_secret())
            RecoveryCodes.activate(self)
