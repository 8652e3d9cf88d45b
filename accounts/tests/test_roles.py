"""Least privilege: each role holds what DESIGN.md gives it and nothing more."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import Role
from recruitment.models import Stage
from recruitment.tests.factories import submitted_application


@pytest.mark.django_db
def test_the_equality_lead_has_reports_benchmarks_and_question_sets_not_the_recruitment_pipeline(client, equality_lead):
    codes = set(Group.objects.get(name=Role.EQUALITY_LEAD).permissions.values_list("codename", flat=True))
    assert {"view_diversity_dashboard", "build_report", "add_benchmarkset", "add_questionset"} <= codes
    assert "use_staff_area" not in codes
    application = submitted_application()
    client.force_login(equality_lead)
    for url in (
        reverse("recruitment:staff_applications"),
        reverse("recruitment:staff_application", kwargs={"reference": application.reference}),
        reverse("recruitment:staff_export"),
        reverse("recruitment:staff_opportunities"),
    ):
        assert client.get(url).status_code == 403, url
    move = reverse("recruitment:staff_application_move", kwargs={"reference": application.reference})
    assert client.post(move, {"stage": Stage.SHORTLISTED}).status_code == 403
    application.refresh_from_db()
    assert application.stage == Stage.RECEIVED
    assert client.get(reverse("reports:dashboard")).status_code == 200


@pytest.mark.django_db
def test_the_signed_in_person_is_loaded_with_their_mfa_needs_by_the_same_rules(users_by_role):
    """The request's one query (plain SQL, for speed) agrees with the ORM's rules for every role,
    for someone given a permission directly, and for someone with no authenticator app yet."""
    from django.contrib.auth.models import Permission

    from accounts import selectors
    from accounts.models import User
    from accounts.tests.factories import UserFactory

    finance = UserFactory(roles=(Role.APPLICANT,))
    finance.user_permissions.add(Permission.objects.get(codename="approve_and_pay_claims"))
    superuser = UserFactory(is_superuser=True)
    new_staff = UserFactory(roles=(Role.RECRUITING_STAFF,))
    people = [user for user in users_by_role.values() if user is not None] + [finance, superuser, new_staff]
    for person in people:
        loaded = selectors.user_for_request(user_id=person.pk)
        assert loaded.needs_mfa == User.objects.filter(pk=person.pk).filter(selectors._requires_mfa()).exists()
        assert loaded.has_totp == User.objects.filter(pk=person.pk).filter(selectors._has_totp()).exists()
    loaded = {person.pk: selectors.user_for_request(user_id=person.pk) for person in people}
    assert not loaded[users_by_role[Role.APPLICANT.value].pk].needs_mfa
    assert loaded[finance.pk].needs_mfa
    assert loaded[superuser.pk].needs_mfa
    assert loaded[new_staff.pk].needs_mfa
    assert not loaded[new_staff.pk].has_totp
    assert loaded[users_by_role[Role.RECRUITING_STAFF.value].pk].has_totp


@pytest.mark.django_db
def test_the_request_user_is_read_from_the_session_id_as_stored(applicant):
    from accounts import selectors

    # Sessions keep the id as text; a tampered one finds nobody rather than failing.
    assert selectors.user_for_request(user_id=str(applicant.pk)) == applicant
    assert selectors.user_for_request(user_id="not-a-number") is None
    assert selectors.user_for_request(user_id=str(applicant.pk + 1000)) is None
