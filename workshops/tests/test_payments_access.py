"""Payments of a meeting are for the meeting's own staff and for people given the Finance
permission; Finance approves and pays, and no one both approves a claim and marks it paid."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import TEST_PASSWORD, UserFactory
from workshops import services
from workshops.models import ActivityRate, Claim, Participation
from workshops.tests.factories import finance_person


@pytest.fixture
def closed_claim(db):
    """A claim, with a receipt, for a closed session run by staff who are none of the cast."""
    own_staff = UserFactory(roles=(Role.RECRUITING_STAFF,), password=TEST_PASSWORD, with_totp=True)
    claimant = UserFactory(name="Kemi Claimant", roles=(Role.APPLICANT,))
    start = timezone.now() - timedelta(days=1)
    meeting = services.meeting_create(
        actor=own_staff,
        kind="workshop",
        title="Closed circle for Black carers",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        format="online",
        facilitator=own_staff,
        purpose="Listen",
        visibility="closed",
        community="Black carers",
    )
    services.participants_invite(meeting=meeting, people=[claimant], actor=own_staff)
    Participation.objects.update(attendance="attended")
    ActivityRate.objects.create(kind="workshop", hourly_rate=Decimal("20"))
    receipt = SimpleUploadedFile("bus.pdf", b"%PDF-1.4\n%%EOF\n")
    return services.claim_make(
        participation=meeting.participations.get(),
        hours=Decimal("2"),
        declined_payment=False,
        expenses=[{"description": "Bus", "amount": Decimal("3.10"), "receipt": receipt}],
        by=claimant,
    )


def _approve(claim):
    return reverse("workshops:claim_approve", kwargs={"pk": claim.pk})


def _paid(claim):
    return reverse("workshops:claim_mark_paid", kwargs={"pk": claim.pk})


def _receipt(claim):
    return reverse("workshops:receipt", kwargs={"pk": claim.expenses.get().pk})


@pytest.mark.django_db
def test_staff_who_cannot_see_a_closed_session_cannot_see_or_touch_its_payments(client, closed_claim, users_by_role):
    for role, person in users_by_role.items():
        if person is None:
            continue
        client.force_login(person)
        listing = client.get(reverse("workshops:payments"))
        if listing.status_code == 200:
            page = listing.content.decode()
            assert "Kemi Claimant" not in page, role
            assert "Closed circle" not in page, role
            assert b"Kemi Claimant" not in client.get(reverse("workshops:payments_export")).content, role
        else:
            assert listing.status_code == 403, role
        assert client.get(_receipt(closed_claim)).status_code in (403, 404), role
        response = client.post(_approve(closed_claim))
        assert response.status_code in (403, 404), role
    closed_claim.refresh_from_db()
    assert closed_claim.status == Claim.Status.CLAIMED


@pytest.mark.django_db
def test_the_meetings_own_staff_see_its_claims_but_only_finance_approves(client, closed_claim):
    own_staff = closed_claim.participation.meeting.facilitator
    client.force_login(own_staff)
    assert "Kemi Claimant" in client.get(reverse("workshops:payments")).content.decode()
    assert b"Kemi Claimant" in client.get(reverse("workshops:payments_export")).content
    assert client.get(_receipt(closed_claim)).status_code == 200
    response = client.post(_approve(closed_claim))
    assert response.status_code == 403
    closed_claim.refresh_from_db()
    assert closed_claim.status == Claim.Status.CLAIMED


@pytest.mark.django_db
def test_finance_approves_and_someone_else_in_finance_marks_it_paid(client, closed_claim):
    approver, payer = finance_person(), finance_person()
    client.force_login(approver)
    assert "Kemi Claimant" in client.get(reverse("workshops:payments")).content.decode()
    assert client.get(_receipt(closed_claim)).status_code == 200
    client.post(_approve(closed_claim))
    closed_claim.refresh_from_db()
    assert closed_claim.status == Claim.Status.APPROVED
    assert closed_claim.approved_by == approver

    response = client.post(_paid(closed_claim), follow=True)
    assert "Someone else in finance must mark it paid" in response.content.decode()
    closed_claim.refresh_from_db()
    assert closed_claim.status == Claim.Status.APPROVED

    client.force_login(payer)
    client.post(_paid(closed_claim))
    closed_claim.refresh_from_db()
    assert closed_claim.status == Claim.Status.PAID
    assert closed_claim.paid_by == payer


@pytest.mark.django_db
def test_an_administrator_is_not_finance_unless_given_it(administrator):
    from workshops import selectors

    assert not selectors.has_finance(administrator)
    assert selectors.has_finance(finance_person())


@pytest.mark.django_db
def test_finance_must_set_up_an_authenticator_app(client):
    person = UserFactory(roles=(Role.APPLICANT,))
    person.user_permissions.add(Permission.objects.get(codename="approve_and_pay_claims"))
    client.force_login(person)
    response = client.get(reverse("workshops:payments"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
