"""Second factors (TOTP secrets, recovery-code seeds) are encrypted at rest: a database dump
hands over no one's authenticator."""

import importlib
import io
import json
import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import generate_totp_secret
from allauth.mfa.utils import decrypt
from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from accounts.tests.factories import TEST_PASSWORD
from core.models import AuditEvent

BASE32_SECRET = re.compile(r"\b[A-Z2-7]{32}\b")
HEX_SEED = re.compile(r"\b[0-9a-f]{80}\b")


def dump_text() -> str:
    """Every value of every table, as text: what a dump gives away."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names come from introspection
            for row in cursor.fetchall():
                parts += [json.dumps(value) if isinstance(value, dict | list) else str(value) for value in row]
    return "\n".join(parts)


def second_factors(*users) -> list[str]:
    found = []
    for user in users:
        totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        codes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
        found += [decrypt(totp.data["secret"]), decrypt(codes.data["seed"])]
    return found


@pytest.mark.django_db
def test_a_dump_holds_no_totp_secret_or_recovery_seed(recruiting_staff, administrator):
    secrets = second_factors(recruiting_staff, administrator)
    assert BASE32_SECRET.fullmatch(secrets[0])
    assert HEX_SEED.fullmatch(secrets[1])
    text = dump_text()
    for secret in secrets:
        assert secret not in text
    stored = " ".join(json.dumps(a.data) for a in Authenticator.objects.all())
    assert not BASE32_SECRET.search(stored)
    assert not HEX_SEED.search(stored)


@pytest.mark.django_db
def test_staff_still_sign_in_with_their_encrypted_authenticator(client, board_member):
    from tests.sign_in import current_totp

    client.post(reverse("account_login"), {"login": board_member.email, "password": TEST_PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": current_totp(board_member)})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == board_member.pk


def _plain_authenticators(user):
    """Second factors as allauth stored them before they were encrypted."""
    totp = Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": generate_totp_secret()}
    )
    codes = Authenticator.objects.create(
        user=user,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": RecoveryCodes.generate_seed(), "used_mask": 0, "migrated_codes": ["12345678"]},
    )
    return totp, codes


MIGRATION = importlib.import_module("accounts.migrations.0003_encrypt_second_factors")


@pytest.mark.django_db
def test_the_migration_encrypts_existing_authenticators_once(applicant):
    totp, codes = _plain_authenticators(applicant)
    plain = (totp.data["secret"], codes.data["seed"])
    MIGRATION.encrypt_existing(django_apps, None)
    totp.refresh_from_db()
    codes.refresh_from_db()
    assert (totp.data["secret"], codes.data["seed"]) != plain
    assert (decrypt(totp.data["secret"]), decrypt(codes.data["seed"])) == plain
    assert [decrypt(code) for code in codes.data["migrated_codes"]] == ["12345678"]
    encrypted = (totp.data, codes.data)
    MIGRATION.encrypt_existing(django_apps, None)  # a second run changes nothing
    totp.refresh_from_db()
    codes.refresh_from_db()
    assert (totp.data, codes.data) == encrypted
    MIGRATION.decrypt_existing(django_apps, None)
    totp.refresh_from_db()
    assert totp.data["secret"] == plain[0]


@pytest.mark.django_db
def test_rotating_the_key_re_encrypts_every_second_factor(recruiting_staff, settings):
    before = second_factors(recruiting_staff)
    old_key = settings.MFA_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.MFA_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_mfa_key", stdout=io.StringIO())
    settings.MFA_ENCRYPTION_KEYS = [new_key]
    assert second_factors(recruiting_staff) == before
    assert AuditEvent.objects.filter(action="mfa_key_rotated").get().detail == {"authenticators": 2}
    settings.MFA_ENCRYPTION_KEYS = [old_key]
    with pytest.raises(InvalidToken):
        second_factors(recruiting_staff)


@pytest.mark.django_db
def test_rotation_without_the_old_key_changes_nothing(recruiting_staff, settings):
    stored = sorted(json.dumps(a.data) for a in Authenticator.objects.all())
    settings.MFA_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match="decrypt under none of the keys"):
        call_command("rotate_mfa_key", stdout=io.StringIO())
    assert sorted(json.dumps(a.data) for a in Authenticator.objects.all()) == stored
