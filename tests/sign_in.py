"""Signing in as people do, for the tests that go through the sign-in pages: the code e-mailed to
an applicant, the authenticator app's current code, and the whole sign-in in a browser. Tests
that only need someone signed in use the client's force_login (or the staff_client fixture)."""

import re

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from allauth.mfa.utils import decrypt
from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts import selectors as account_selectors
from accounts.models import User
from accounts.tests.factories import TEST_PASSWORD

CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)


def emailed_code() -> str:
    """The sign-in or verification code in the last e-mail sent."""
    match = CODE.search(mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def current_totp(user: User) -> str:
    """What the person's authenticator app shows now."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = authenticator.data["secret"]
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(decrypt(secret), counter))


def sign_in_staff(page: Page, live_server, user: User) -> None:
    """Password, then the authenticator's code; each role lands on its work."""
    page.goto(live_server.url + reverse("account_login"))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_label("Code").fill(current_totp(user))
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(live_server.url + reverse(account_selectors.user_landing_url_name(user=user)))


def sign_in_by_code(page: Page, live_server, email: str) -> None:
    """An applicant's sign-in: their address, then the code e-mailed to them."""
    page.goto(live_server.url + reverse("account_login"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Email").press("Enter")
    expect(page.get_by_label("Code")).to_be_visible()
    page.get_by_label("Code").fill(emailed_code())
    page.get_by_label("Code").press("Enter")
    expect(page.get_by_role("heading", name="Your applications", exact=True)).to_be_visible()
