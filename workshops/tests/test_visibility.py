"""A closed meeting and everything hanging off it is seen only by the people invited and its own
staff: in every list as well as on its page, by one rule (selectors.meetings_visible_to)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from workshops import selectors, services
from workshops.tests.factories import make_meeting


@pytest.fixture
def closed_action(db):
    """An overdue action of a closed project meeting that only its own staff run."""
    own_staff = UserFactory(roles=(Role.RECRUITING_STAFF,), with_totp=True)
    meeting = make_meeting(
        own_staff, kind="project_meeting", title="Closed: Black carers' circle", visibility="closed", community="Carers"
    )
    return services.action_create(
        meeting=meeting,
        title="Find a new venue for the circle",
        owner=own_staff,
        due_date=timezone.localdate() - timedelta(days=2),
        actor=own_staff,
    )


@pytest.mark.django_db
def test_accountability_lists_no_action_of_a_closed_meeting_to_staff_who_cannot_see_it(
    client, recruiting_staff, administrator, closed_action
):
    for person in (recruiting_staff, administrator):
        client.force_login(person)
        assert client.get(reverse("workshops:detail", kwargs={"pk": closed_action.meeting_id})).status_code == 404
        page = client.get(reverse("workshops:accountability")).content.decode()
        assert "Find a new venue" not in page
        assert "Black carers" not in page
        assert client.get(reverse("workshops:action", kwargs={"pk": closed_action.pk})).status_code == 404
    client.force_login(closed_action.owner)
    assert "Find a new venue" in client.get(reverse("workshops:accountability")).content.decode()


@pytest.mark.django_db
def test_every_action_list_uses_the_meeting_visibility_rule(recruiting_staff, closed_action):
    assert closed_action not in selectors.actions_visible_to(user=recruiting_staff)
    assert closed_action in selectors.actions_visible_to(user=closed_action.owner)
    groups = selectors.actions_accountability(user=recruiting_staff)
    assert not any(closed_action in group for group in groups.values())


@pytest.mark.django_db
def test_a_closed_meeting_action_goes_only_to_someone_who_can_see_the_meeting(recruiting_staff, closed_action):
    with pytest.raises(ValidationError):
        services.action_create(
            meeting=closed_action.meeting,
            title="Tell everyone",
            owner=recruiting_staff,
            due_date=timezone.localdate(),
            actor=closed_action.owner,
        )


@pytest.mark.django_db
def test_the_overdue_reminder_names_only_actions_the_owner_can_see(recruiting_staff, closed_action):
    # The owner stops being staff of the closed meeting: the reminder no longer names its action.
    closed_action.meeting.staff.clear()
    closed_action.meeting.facilitator = recruiting_staff
    closed_action.meeting.save()
    services.overdue_actions_remind()
    assert not any("Find a new venue" in message.body for message in mail.outbox)
