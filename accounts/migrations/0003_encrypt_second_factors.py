"""Encrypts the second factors stored before MFA_ENCRYPTION_KEY existed: TOTP secrets and
recovery-code seeds (and any codes allauth migrated from an older format).

Safe to run twice: a value that already decrypts under the key is left as it is.
"""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import migrations

SECRET_FIELDS = {"totp": ["secret"], "recovery_codes": ["seed"]}


def _cipher():
    return MultiFernet([Fernet(key) for key in settings.MFA_ENCRYPTION_KEYS])


def _is_encrypted(cipher, value):
    try:
        cipher.decrypt(value.encode())
    except InvalidToken:
        return False
    return True


def encrypt_existing(apps, schema_editor):
    cipher = _cipher()
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=list(SECRET_FIELDS)):
        data = dict(authenticator.data)
        for field in SECRET_FIELDS[authenticator.type]:
            if isinstance(data.get(field), str) and not _is_encrypted(cipher, data[field]):
                data[field] = cipher.encrypt(data[field].encode()).decode()
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [
                code if _is_encrypted(cipher, code) else cipher.encrypt(code.encode()).decode()
                for code in data["migrated_codes"]
            ]
        if data != authenticator.data:
            Authenticator.objects.filter(pk=authenticator.pk).update(data=data)


def decrypt_existing(apps, schema_editor):
    cipher = _cipher()
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=list(SECRET_FIELDS)):
        data = dict(authenticator.data)
        for field in SECRET_FIELDS[authenticator.type]:
            if isinstance(data.get(field), str) and _is_encrypted(cipher, data[field]):
                data[field] = cipher.decrypt(data[field].encode()).decode()
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [
                cipher.decrypt(code.encode()).decode() if _is_encrypted(cipher, code) else code
                for code in data["migrated_codes"]
            ]
        if data != authenticator.data:
            Authenticator.objects.filter(pk=authenticator.pk).update(data=data)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_existing, decrypt_existing)]
