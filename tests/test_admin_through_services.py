"""Django admin writes through the same services as the rest of the site: a role given in admin
lets the person into admin as the README says, and edits and deletions of opportunities,
interviews and applications are audited, an application's deletion being the erase service's.
Each is tried by an Administrator and refused to a role without admin."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.tests.factories import TEST_PASSWORD, UserFactory
from core.models import AuditEvent
from recruitment import services as recruitment_services
from recruitment.models import Application, Interview, Opportunity, Stage, StageChange
from recruitment.tests.factories import OpportunityFactory, submitted_application
from tests.html_forms import form_values


def _post_form(client, url, containing, changes):
    data = form_values(client.get(url).content.decode(), containing=containing)
    data.update(changes)
    return client.post(url, data)


def _audited(action, target_id):
    return AuditEvent.objects.filter(action=action, target_id=str(target_id))


# Roles ----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.EQUALITY_LEAD, Role.ADMINISTRATOR])
def test_a_role_given_in_admin_lets_the_person_into_admin(client, administrator, role):
    person = UserFactory(password=TEST_PASSWORD, with_totp=True, roles=(Role.APPLICANT,))
    assert not person.is_staff
    client.force_login(administrator)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    groups = [str(Group.objects.get(name=Role.APPLICANT).pk), str(Group.objects.get(name=role).pk)]
    response = _post_form(client, url, "email", {"groups": groups})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_staff
    assert person.is_superuser == (role == Role.ADMINISTRATOR)
    assert set(person.groups.values_list("name", flat=True)) == {Role.APPLICANT, role}
    client.force_login(person)
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("held", "removed", "staff_after"),
    [
        ((Role.ADMINISTRATOR,), Role.ADMINISTRATOR, False),
        ((Role.ADMINISTRATOR, Role.EQUALITY_LEAD), Role.ADMINISTRATOR, True),
        ((Role.EQUALITY_LEAD,), Role.EQUALITY_LEAD, False),
        ((Role.ADMINISTRATOR, Role.EQUALITY_LEAD), Role.EQUALITY_LEAD, True),
    ],
)
def test_a_role_taken_away_in_admin_takes_its_admin_access_with_it(client, administrator, held, removed, staff_after):
    person = UserFactory(password=TEST_PASSWORD, with_totp=True, roles=held)
    assert person.is_staff
    client.force_login(administrator)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    kept = [str(Group.objects.get(name=role).pk) for role in held if role != removed]
    response = _post_form(client, url, "email", {"groups": kept})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_superuser == (Role.ADMINISTRATOR in held and removed != Role.ADMINISTRATOR)
    assert person.is_staff == staff_after
    assert not person.groups.filter(name=removed).exists()
    event = _audited("role_removed", person.pk).get()
    assert event.actor == administrator
    assert event.detail == {"role": removed.value}
    client.force_login(person)
    assert (client.get(reverse("admin:index")).status_code == 200) == staff_after


@pytest.mark.django_db
def test_a_role_given_in_admin_is_audited(client, administrator):
    person = UserFactory(roles=(Role.APPLICANT,))
    client.force_login(administrator)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    groups = [str(Group.objects.get(name=role).pk) for role in (Role.APPLICANT, Role.BOARD_MEMBER)]
    assert _post_form(client, url, "email", {"groups": groups}).status_code == 302
    event = _audited("role_given", person.pk).get()
    assert (event.actor, event.detail) == (administrator, {"role": Role.BOARD_MEMBER.value})
    assert not _audited("role_removed", person.pk).exists()


@pytest.mark.django_db
def test_a_role_cannot_be_given_in_admin_by_the_equality_lead(client, administrator, equality_lead):
    person = UserFactory(roles=(Role.APPLICANT,))
    client.force_login(equality_lead)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    response = client.post(url, {"email": person.email, "groups": [str(Group.objects.get(name=Role.ADMINISTRATOR).pk)]})
    assert response.status_code == 403
    person.refresh_from_db()
    assert not person.is_staff
    assert not person.groups.filter(name=Role.ADMINISTRATOR).exists()


# Opportunities --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_opportunity_edited_in_admin_is_audited_and_published(client, administrator):
    opportunity = OpportunityFactory(status=Opportunity.Status.DRAFT, places=3)
    client.force_login(administrator)
    url = reverse("admin:recruitment_opportunity_change", args=[opportunity.pk])
    response = _post_form(client, url, "places", {"places": ["5"], "status": [Opportunity.Status.OPEN]})
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.places == 5
    assert opportunity.published_at is not None
    event = _audited("opportunity_updated", opportunity.pk).get(actor=administrator)
    assert event.detail == {"fields": ["places", "status"]}


@pytest.mark.django_db
def test_an_opportunity_deleted_in_admin_is_audited(client, administrator):
    opportunity = OpportunityFactory()
    client.force_login(administrator)
    response = client.post(reverse("admin:recruitment_opportunity_delete", args=[opportunity.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Opportunity.objects.filter(pk=opportunity.pk).exists()
    assert _audited("opportunity_deleted", opportunity.pk).get().actor == administrator


@pytest.mark.django_db
def test_the_equality_lead_cannot_edit_or_delete_an_opportunity_in_admin(client, equality_lead):
    opportunity = OpportunityFactory(places=3)
    client.force_login(equality_lead)
    change = reverse("admin:recruitment_opportunity_change", args=[opportunity.pk])
    assert client.post(change, {"places": "9"}).status_code == 403
    delete = reverse("admin:recruitment_opportunity_delete", args=[opportunity.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    opportunity.refresh_from_db()
    assert opportunity.places == 3
    assert not AuditEvent.objects.filter(actor=equality_lead).exists()


# Interviews -----------------------------------------------------------------------------------


def _shortlisted(staff):
    application = submitted_application()
    return recruitment_services.application_move(application=application, to_stage=Stage.SHORTLISTED, by=staff)


@pytest.mark.django_db
def test_an_interview_arranged_changed_and_deleted_in_admin_is_audited(client, administrator, recruiting_staff):
    application = _shortlisted(recruiting_staff)
    client.force_login(administrator)
    starts = (timezone.localtime() + timedelta(days=5)).replace(microsecond=0)
    response = client.post(
        reverse("admin:recruitment_interview_add"),
        {
            "application": str(application.pk),
            "starts_at_0": starts.date().isoformat(),
            "starts_at_1": starts.time().isoformat(),
            "format": "online",
            "place": "Video call",
            "adjustments": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    interview = Interview.objects.get(application=application)
    assert interview.created_by == administrator
    application.refresh_from_db()
    # Arranged as on the pipeline page: the application moves on to interview.
    assert application.stage == Stage.INTERVIEW
    assert _audited("interview_arranged", application.reference).get().actor == administrator

    url = reverse("admin:recruitment_interview_change", args=[interview.pk])
    assert _post_form(client, url, "place", {"place": ["Room 4"]}).status_code == 302
    interview.refresh_from_db()
    assert interview.place == "Room 4"
    assert _audited("interview_changed", application.reference).get().detail == {"interview": interview.pk}

    delete = reverse("admin:recruitment_interview_delete", args=[interview.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Interview.objects.filter(pk=interview.pk).exists()
    assert _audited("interview_deleted", application.reference).get().actor == administrator


@pytest.mark.django_db
def test_the_equality_lead_cannot_change_an_interview_in_admin(client, equality_lead, recruiting_staff):
    application = _shortlisted(recruiting_staff)
    interview = recruitment_services.interview_schedule(
        application=application,
        by=recruiting_staff,
        starts_at=timezone.now() + timedelta(days=3),
        format="online",
        place="Video call",
        adjustments="",
    )
    client.force_login(equality_lead)
    change = reverse("admin:recruitment_interview_change", args=[interview.pk])
    assert client.post(change, {"place": "Elsewhere"}).status_code == 403
    delete = reverse("admin:recruitment_interview_delete", args=[interview.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    interview.refresh_from_db()
    assert interview.place == "Video call"


# Applications ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_application_deleted_in_admin_is_erased_and_audited(client, administrator, recruiting_staff):
    application = _shortlisted(recruiting_staff)
    client.force_login(administrator)
    response = client.post(reverse("admin:recruitment_application_delete", args=[application.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Application.objects.filter(pk=application.pk).exists()
    assert not StageChange.objects.filter(application_id=application.pk).exists()
    event = _audited("application_erased", application.reference).get()
    assert event.actor == administrator
    assert event.target_type == "application"


@pytest.mark.django_db
def test_applications_deleted_together_in_admin_are_each_erased_and_audited(client, administrator):
    applications = [submitted_application(), submitted_application()]
    kept = submitted_application()
    client.force_login(administrator)
    response = client.post(
        reverse("admin:recruitment_application_changelist"),
        {"action": "delete_selected", "_selected_action": [str(a.pk) for a in applications], "post": "yes"},
    )
    assert response.status_code == 302
    assert list(Application.objects.all()) == [kept]
    for application in applications:
        assert _audited("application_erased", application.reference).get().actor == administrator


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.EQUALITY_LEAD, Role.RECRUITING_STAFF])
def test_an_application_cannot_be_deleted_in_admin_without_the_administrator_role(client, users_by_role, role):
    application = submitted_application()
    client.force_login(users_by_role[role.value])
    delete = reverse("admin:recruitment_application_delete", args=[application.pk])
    assert client.post(delete, {"post": "yes"}).status_code in (302, 403)
    bulk = {"action": "delete_selected", "_selected_action": [str(application.pk)], "post": "yes"}
    assert client.post(reverse("admin:recruitment_application_changelist"), bulk).status_code in (302, 403)
    assert Application.objects.filter(pk=application.pk).exists()
    assert not _audited("application_erased", application.reference).exists()
    assert User.objects.filter(pk=application.applicant_id).exists()
