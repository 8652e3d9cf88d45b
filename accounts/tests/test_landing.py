"""After signing in each role lands on its work; menus offer only what the person has; sign-in
and verification e-mails carry the site's name, not its address."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import ANONYMOUS, TEST_PASSWORD
from demographics import selectors as demographic_selectors
from demographics import services as demographic_services
from recruitment.tests.factories import submitted_application
from tests.sign_in import current_totp, emailed_code

LANDING = {
    Role.APPLICANT: "recruitment:my_applications",
    Role.RECRUITING_STAFF: "recruitment:staff_applications",
    Role.BOARD_MEMBER: "reports:dashboard",
    Role.EQUALITY_LEAD: "reports:dashboard",
    Role.ADMINISTRATOR: "admin:index",
}


def _sign_in(client: Client, user) -> str:
    """Signs in as a person would, and returns where the site sends them."""
    if user.has_usable_password():
        response = client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
        assert response["Location"] == reverse("mfa_authenticate")
        response = client.post(reverse("mfa_authenticate"), {"code": current_totp(user)})
    else:
        client.post(reverse("account_login"), {"login": user.email})
        response = client.post(reverse("account_confirm_login_code"), {"code": emailed_code()})
    assert response.status_code == 302
    return response["Location"]


@pytest.mark.django_db
def test_each_role_lands_on_its_work_after_signing_in(users_by_role):
    for role, user in users_by_role.items():
        if user is None:
            continue
        assert _sign_in(Client(), user) == reverse(LANDING[role]), role


@pytest.mark.django_db
def test_a_page_asked_for_before_signing_in_comes_first(applicant):
    client = Client()
    wanted = reverse("demographics:start")
    response = client.post(f"{reverse('account_login')}?next={wanted}", {"login": applicant.email, "next": wanted})
    # The code page carries the wanted page on, as the browser would.
    response = client.post(response["Location"], {"code": emailed_code(), "next": wanted})
    assert response["Location"] == wanted


@pytest.mark.django_db
def test_a_new_applicant_lands_on_their_applications():
    client = Client()
    client.post(reverse("account_signup"), {"email": "new@example.net", "name": "Nia New"})
    response = client.post(reverse("account_email_verification_sent"), {"code": emailed_code()})
    assert response["Location"] == reverse("recruitment:my_applications")


def _menu(user) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(reverse("core:home")).content.decode()


@pytest.mark.django_db
def test_staff_and_board_menus_offer_applications_and_equality_information_only_to_people_who_have_some(
    users_by_role,
):
    applications = f'href="{reverse("recruitment:my_applications")}"'
    equality = f'href="{reverse("demographics:start")}"'
    for role, user in users_by_role.items():
        menu = _menu(user)
        assert (applications in menu) == (role == Role.APPLICANT), role
        assert (equality in menu) == (role == Role.APPLICANT), role

    board = users_by_role[Role.BOARD_MEMBER]
    submitted_application(applicant=board)
    assert applications in _menu(board)
    assert equality not in _menu(board)

    staff = users_by_role[Role.RECRUITING_STAFF]
    demographic_services.consent_give(user=staff, question_set=demographic_selectors.question_set_current())
    assert equality in _menu(staff)
    assert applications not in _menu(staff)
    assert _menu(users_by_role[ANONYMOUS]).count(applications) == 0


@pytest.mark.django_db
def test_sign_in_and_verification_emails_use_the_sites_name(client, applicant, settings):
    settings.SITE_NAME = "Mind Involve Camden"
    client.post(reverse("account_login"), {"login": applicant.email})
    client.post(reverse("account_signup"), {"email": "new@example.net", "name": "Nia New"})
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.subject.startswith("[Mind Involve Camden] "), message.subject
        assert "Mind Involve Camden" in message.body
        assert "testserver" not in message.body.replace("http://testserver/", ""), message.body
        assert "Hello from" not in message.body


@pytest.mark.django_db
def test_the_site_name_is_in_every_page_title(client, settings):
    settings.SITE_NAME = "Mind Involve Camden"
    page = client.get(reverse("core:home")).content.decode()
    assert "\u2013 Mind Involve Camden</title>" in page
