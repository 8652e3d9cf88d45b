"""A team report counts the people who attended that team's meetings, as the whole-organisation
report counts everyone who attended any meeting."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from reports.tests.populations import build, published
from workshops import selectors as workshop_selectors
from workshops.models import Meeting
from workshops.tests.factories import MeetingFactory, ParticipationFactory

START = timezone.make_aware(datetime(2026, 8, 3, 10))


def _meeting_with(attendees, *, actor, team=""):
    meeting = MeetingFactory(
        facilitator=actor, title=f"Workshop {team or 'for everyone'}", starts_at=START, format="online", team=team
    )
    for person in attendees:
        ParticipationFactory(meeting=meeting, person=person)
    return meeting


@pytest.mark.django_db
def test_a_team_report_counts_the_people_at_that_teams_meetings(population, recruiting_staff):
    research_meeting = UserFactory.create_batch(7)
    other_meeting = UserFactory.create_batch(6)
    _meeting_with(research_meeting, actor=recruiting_staff, team="Research")
    _meeting_with(other_meeting, actor=recruiting_staff)
    research_advisors = [p for key, group in population.items() if key != "outreach" for p in group]

    team = build(scope="Research")
    assert team.data["population"]["involved"]["count"] == published(research_advisors + research_meeting)
    everyone = [p for group in population.values() for p in group]
    organisation = build()
    assert organisation.data["population"]["involved"]["count"] == published(
        everyone + research_meeting + other_meeting
    )


@pytest.mark.django_db
def test_the_team_selector_keeps_to_the_teams_meetings(recruiting_staff):
    ours, theirs = UserFactory(), UserFactory()
    _meeting_with([ours], actor=recruiting_staff, team="Research")
    _meeting_with([theirs], actor=recruiting_staff, team="Outreach")
    window = {"start": START - timedelta(days=1), "end": START + timedelta(days=1)}
    assert list(workshop_selectors.report_participants(**window, team="Research")) == [ours.pk]
    assert sorted(workshop_selectors.report_participants(**window)) == sorted([ours.pk, theirs.pk])


@pytest.mark.django_db
def test_staff_give_a_meeting_its_team(client, recruiting_staff):
    meeting = _meeting_with([], actor=recruiting_staff)
    client.force_login(recruiting_staff)
    url = reverse("workshops:edit", kwargs={"pk": meeting.pk})
    page = client.get(url).content.decode()
    assert 'name="team"' in page
    local = timezone.localtime(meeting.starts_at)
    data = {
        "kind": "workshop",
        "title": meeting.title,
        "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (local + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "format": "online",
        "facilitator": recruiting_staff.pk,
        "purpose": "Listen",
        "visibility": "open",
        "team": "Research",
    }
    assert client.post(url, data).status_code == 302
    assert Meeting.objects.get().team == "Research"
