import hashlib
import hmac
import io
import json
import logging
from importlib import import_module

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from accounts.tests.factories import TEST_PASSWORD
from core.logging import login_ref, user_ref
from tests.sign_in import current_totp, emailed_code


@pytest.mark.django_db
def test_an_applicant_signs_up_with_no_password_and_becomes_an_applicant(client):
    response = client.post(reverse("account_signup"), {"email": "new@example.net", "name": "Nia New"})
    assert response.status_code == 302
    response = client.post(reverse("account_email_verification_sent"), {"code": emailed_code()})
    assert response.status_code == 302
    user = User.objects.get(email="new@example.net")
    assert user.name == "Nia New"
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [Role.APPLICANT]
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
def test_an_applicant_signs_in_by_emailed_code(client, applicant):
    response = client.post(reverse("account_login"), {"login": applicant.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_login_code")
    response = client.post(reverse("account_confirm_login_code"), {"code": emailed_code()})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == applicant.pk


@pytest.mark.django_db
def test_staff_sign_in_with_password_then_authenticator_code_and_the_session_id_rotates(client, board_member):
    client.get(reverse("account_login"))
    client.session["anything"] = 1
    before = client.cookies.get("sessionid")
    response = client.post(reverse("account_login"), {"login": board_member.email, "password": TEST_PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": current_totp(board_member)})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == board_member.pk
    assert before is None or client.cookies["sessionid"].value != before.value


@pytest.mark.django_db
def test_sign_out_ends_the_session_on_the_server(client, applicant):
    client.force_login(applicant)
    session_key = client.session.session_key
    store = import_module(settings.SESSION_ENGINE).SessionStore
    assert store().exists(session_key)
    client.post(reverse("account_logout"))
    assert not store().exists(session_key)


@pytest.mark.django_db
def test_sessions_live_in_redis_and_never_in_the_database(client, applicant):
    client.force_login(applicant)
    assert client.get(reverse("accounts:profile")).status_code == 200
    session_key = client.cookies["sessionid"].value
    assert settings.SESSION_ENGINE == "core.sessions"  # Django's cache sessions, in Redis
    assert cache.get(f"django.contrib.sessions.cache{session_key}")["_auth_user_id"] == str(applicant.pk)
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_an_applicant_signs_in_by_code_with_file_sessions_as_in_the_embedded_default(client, applicant, tmp_path):
    with override_settings(SESSION_ENGINE="django.contrib.sessions.backends.file", SESSION_FILE_PATH=str(tmp_path)):
        client.post(reverse("account_login"), {"login": applicant.email})
        response = client.post(reverse("account_confirm_login_code"), {"code": emailed_code()})
        assert response.status_code == 302
        assert client.get(reverse("accounts:profile")).status_code == 200
        session_files = list(tmp_path.iterdir())
    assert len(session_files) == 1
    assert session_files[0].name.endswith(client.cookies["sessionid"].value)
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_repeated_failed_sign_ins_are_rate_limited(client, recruiting_staff):
    pages = [
        client.post(reverse("account_login"), {"login": recruiting_staff.email, "password": "wrong-password-123"})
        for _ in range(6)
    ]
    too_many = "Too many failed login attempts"
    assert too_many not in pages[0].content.decode()
    assert too_many in pages[-1].content.decode()
    # Even the right password is refused until the limit passes.
    page = client.post(reverse("account_login"), {"login": recruiting_staff.email, "password": TEST_PASSWORD})
    assert too_many in page.content.decode()


@pytest.mark.django_db
def test_sign_in_logs_are_structured_and_hold_no_address(client, recruiting_staff, caplog):
    caplog.set_level(logging.INFO, logger="mind_involve.security")
    client.post(reverse("account_login"), {"login": recruiting_staff.email, "password": "wrong-password-123"})
    client.force_login(recruiting_staff)
    events = {record.event: record for record in caplog.records if hasattr(record, "event")}
    assert events["sign_in_failed"].login_ref == login_ref(recruiting_staff.email.upper())
    assert events["sign_in"].user_ref == user_ref(recruiting_staff.pk)
    handler = logging.getLogger().handlers[0]
    for record in caplog.records:
        line = handler.formatter.format(record)
        assert recruiting_staff.email not in line
        parsed = json.loads(line)
        assert parsed["asctime"].endswith("+00:00")


@pytest.mark.django_db
def test_access_denied_is_logged(client, applicant, caplog):
    caplog.set_level(logging.WARNING, logger="mind_involve.security")
    client.force_login(applicant)
    assert client.get(reverse("admin:login")).status_code == 403
    denied = [record for record in caplog.records if getattr(record, "event", "") == "access_denied"]
    assert denied
    assert denied[0].user_ref == user_ref(applicant.pk)
    assert denied[0].path == reverse("admin:login")
    assert not hasattr(denied[0], "user_id")


@pytest.mark.django_db
def test_log_refs_are_hmacs_under_the_log_key_not_plain_hashes(settings, recruiting_staff):
    address = recruiting_staff.email
    ref = login_ref(address)
    # A guessed address no longer reverses the log line: the plain hash gives another value.
    assert ref != hashlib.sha256(address.encode()).hexdigest()[:16]
    assert ref == hmac.new(settings.LOG_HMAC_KEY.encode(), f"login:{address}".encode(), "sha256").hexdigest()[:16]
    assert user_ref(recruiting_staff.pk) not in (str(recruiting_staff.pk), ref)
    settings.LOG_HMAC_KEY = "another-log-key-entirely-0123456789abcdef"
    assert login_ref(address) != ref


@pytest.mark.django_db
def test_log_ref_prints_a_persons_refs_for_whoever_holds_the_key(recruiting_staff):
    out = io.StringIO()
    call_command("log_ref", recruiting_staff.email.upper(), stdout=out)
    assert f"login_ref {login_ref(recruiting_staff.email)}" in out.getvalue()
    assert f"user_ref  {user_ref(recruiting_staff.pk)}" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("log_ref", "nobody@example.net", stdout=io.StringIO())


@pytest.mark.parametrize("password", ["short-pass", "password1234", "qwertyuiop123"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_passphrase_needs_no_symbols_or_digits():
    validate_password("correct horse battery staple")


@pytest.mark.django_db
def test_a_person_changes_their_name(client, applicant):
    client.force_login(applicant)
    response = client.post(reverse("accounts:profile"), {"name": "  Ade A.  "})
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.name == "Ade A."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter your name."),
        ("   ", "Enter your name."),
        ("x" * 151, "at most 150"),
        ("a\x00b", "Null characters are not allowed."),
    ],
)
def test_bad_names_get_a_clear_error_and_change_nothing(client, applicant, name, message):
    client.force_login(applicant)
    response = client.post(reverse("accounts:profile"), {"name": name})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.name == "Ade Applicant"


@pytest.mark.django_db
def test_adding_an_email_address_asks_for_the_password_again(client, recruiting_staff):
    # A stolen session cookie alone must not be able to add an address and reset the password to it.
    client.force_login(recruiting_staff)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "thief@example.org"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="thief@example.org").exists()


@pytest.mark.django_db
def test_changing_the_password_asks_for_it_again(client, recruiting_staff):
    client.force_login(recruiting_staff)
    new = "another-long-passphrase-77"
    response = client.post(
        reverse("account_change_password"), {"oldpassword": TEST_PASSWORD, "password1": new, "password2": new}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    recruiting_staff.refresh_from_db()
    assert recruiting_staff.check_password(TEST_PASSWORD)


@pytest.mark.django_db
def test_an_applicant_confirms_by_emailed_code_before_adding_an_address(client, applicant):
    client.force_login(applicant)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "second@example.org"}, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_request_reauthentication_code"))
    assert not any("second@example.org" in message.to for message in mail.outbox)
    client.post(reverse("account_request_reauthentication_code"), {"recipient": applicant.email})
    client.post(reverse("account_confirm_reauthentication_code"), {"code": emailed_code()})
    response = client.post(reverse("account_email"), {"action_add": "", "email": "second@example.org"})
    # Now the new address gets its own confirmation code.
    assert response["Location"] == reverse("account_email_verification_sent")
    assert mail.outbox[-1].to == ["second@example.org"]
