"""Real browser journeys in Debian's Chromium, with axe checking every page on the way."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import User
from accounts.roles import Role
from accounts.tests.factories import TEST_PASSWORD, UserFactory
from tests.checks import assert_accessible
from tests.sign_in import current_totp, emailed_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_applicant_signs_up_by_keyboard_and_manages_their_account(page: Page, live_server):
    page.goto(live_server.url + reverse("core:home"))
    assert_accessible(page)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()

    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Create an account")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Sign up", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email").fill("nia@example.net")
    page.get_by_label("Your name").fill("Nia New")
    page.get_by_label("Your name").press("Enter")

    expect(page.get_by_label("Code")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code").fill(emailed_code())
    page.get_by_label("Code").press("Enter")

    # A new applicant lands on their applications, and finds their account in the menu.
    expect(page.get_by_role("heading", name="Your applications", exact=True)).to_be_visible()
    expect(page.get_by_text("You have not applied for anything yet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Your account").press("Enter")
    expect(page.get_by_role("heading", name="Your account", exact=True)).to_be_visible()
    assert_accessible(page)
    user = User.objects.get(email="nia@example.net")
    assert list(user.groups.values_list("name", flat=True)) == [Role.APPLICANT]

    # A blank name gets a clear error and keeps nothing half-saved.
    page.get_by_label("Your name").fill("")
    page.get_by_role("button", name="Save name").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your name.")
    assert page.title().startswith("Error:")
    assert_accessible(page)
    user.refresh_from_db()
    assert user.name == "Nia New"

    page.get_by_label("Your name").fill("Nia N.")
    page.get_by_role("button", name="Save name").click()
    expect(page.get_by_text("Your name has been saved.")).to_be_visible()
    user.refresh_from_db()
    assert user.name == "Nia N."

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_an_applicant_signs_in_with_an_emailed_code(page: Page, live_server, applicant):
    page.goto(live_server.url + reverse("account_login"))
    assert_accessible(page)
    page.get_by_label("Email").fill(applicant.email)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="Enter sign-in code", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code").fill(emailed_code())
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Your applications", exact=True)).to_be_visible()
    assert_accessible(page)


def test_staff_sign_in_with_password_and_authenticator_app(page: Page, live_server, board_member):
    page.goto(live_server.url + reverse("account_login"))
    page.get_by_label("Email").fill(board_member.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="Two-factor authentication", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code").fill(current_totp(board_member))
    page.get_by_role("button", name="Sign in", exact=True).click()
    # A board member lands on the dashboard, and the menu offers nothing they have not got.
    expect(page.get_by_role("heading", name="Diversity dashboard", exact=True)).to_be_visible()
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Your applications")).to_have_count(0)
    expect(menu.get_by_role("link", name="Equality information")).to_have_count(0)
    assert_accessible(page)


def test_staff_without_mfa_must_set_it_up_first(page: Page, live_server):
    user = UserFactory(roles=(Role.RECRUITING_STAFF,), password=TEST_PASSWORD)
    page.goto(live_server.url + reverse("account_login"))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    # allauth asks for the password again before any change to sign-in security.
    expect(page.get_by_role("heading", name="Confirm access", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("mfa_activate_totp")) + "$"))
    assert_accessible(page)
    page.goto(live_server.url + reverse("accounts:profile"))
    expect(page).to_have_url(re.compile(re.escape(reverse("mfa_activate_totp")) + "$"))


def test_an_administrator_reaches_admin_through_the_same_sign_in(page: Page, live_server, administrator):
    page.goto(live_server.url + reverse("admin:index"))
    assert reverse("account_login") in page.url
    page.get_by_label("Email").fill(administrator.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_label("Code").fill(current_totp(administrator))
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
